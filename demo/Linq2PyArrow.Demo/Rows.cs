using System.ComponentModel.DataAnnotations.Schema;

namespace Linq2PyArrow.Demo;

// Row types: members match columns case-insensitively; [Column] maps snake_case names.

internal sealed record Order(long Id, [property: Column("customer_id")] long CustomerId, [property: Column("product_id")] long ProductId,
    double Amount, string Status, [property: Column("ordered_at")] DateTime OrderedAt);

internal sealed record CountryAmount(string Country, double Amount);

internal sealed record Click(DateTime At, string Page, [property: Column("user_id")] long UserId, long Ms);

internal sealed record Review([property: Column("product_id")] long ProductId, long Rating, string Text);

internal sealed record Product(long Id, string Name, string Category, double Price);
