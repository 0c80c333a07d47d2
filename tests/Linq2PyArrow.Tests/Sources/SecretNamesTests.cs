using Linq2PyArrow.Sources;

namespace Linq2PyArrow.Tests.Sources;

/// <summary>One list of secret option names: the .NET masker and the Python helpers (linq2pyarrow.secret_names) agree.</summary>
public sealed class SecretNamesTests
{
    [Fact]
    public void Dotnet_and_python_use_the_same_secret_key_parts()
    {
        var python = (IReadOnlyList<object?>)TestPython.Run("from linq2pyarrow.secret_names import SECRET_KEY_PARTS\nresult = list(SECRET_KEY_PARTS)")!;
        Assert.Equal(SecretMasker.SecretKeyParts, python.Cast<string>().ToArray());
    }

    [Theory]
    [InlineData("password", true)]
    [InlineData("DB_PASSWORD", true)]
    [InlineData("apiKey", true)]
    [InlineData("X-Amz-Signature", true)]
    [InlineData("Authorization", true)]
    [InlineData("pwd", true)]
    [InlineData("url", false)]
    [InlineData("dbtable", false)]
    public void Both_sides_classify_option_names_alike(string name, bool secret)
    {
        Assert.Equal(secret, SecretMasker.IsSecretKey(name));
        Assert.Equal(secret, (bool)PythonScript.Eval("from linq2pyarrow.secret_names import is_secret_key", "is_secret_key(name)",
            new Dictionary<string, object?> { ["name"] = name })!);
    }
}
