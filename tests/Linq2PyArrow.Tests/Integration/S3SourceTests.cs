namespace Linq2PyArrow.Tests.Integration;

/// <summary>
/// The S3 sample (s3_source.S3Source) against moto's S3 server on loopback. boto3 and moto are only in pyenv
/// 3.11.7 here: ./build.sh test runs this category with it; with any other Python these tests are skipped.
/// </summary>
[Trait("Category", "S3")]
public sealed class S3SourceTests(MotoS3Server s3) : IClassFixture<MotoS3Server>
{
    private const string Source = "s3_source.S3Source";
    private const string Where = "The S3 tests run with LINQ2PYARROW_PYTHON=~/.pyenv/versions/3.11.7/bin/python (./build.sh test does).";

    public sealed record Sale(long Id, string City, double? Amount, DateOnly Day);

    public sealed record Event(long Id, string? Kind);

    private IQueryable<T> Open<T>(Dictionary<string, string> options, PythonSourceSettings? settings = null) =>
        PythonSource.Open<T>("s3_source", "S3Source", options, settings ?? Samples.Settings);

    [PythonModulesFact("boto3, moto", Where)]
    public void Reads_csv_objects_one_partition_per_object()
    {
        var progress = new ProgressLog();
        var sales = Open<Sale>(s3.Options("sales/"), Samples.Settings with { Progress = progress }).ToList();

        Assert.Equal(
            [new Sale(1, "Zürich", 10.5, new DateOnly(2024, 1, 5)), new Sale(2, "東京", null, new DateOnly(2024, 1, 6)),
             new Sale(3, "Oslo", 7, new DateOnly(2024, 2, 1))],
            sales);
        Assert.All(progress.Reports, p => Assert.Equal(2, p.PartitionsTotal)); // the folder marker is skipped
    }

    [PythonModulesFact("boto3, moto", Where)]
    public void Linq_over_objects_with_a_schema_option()
    {
        var sales = Open<Sale>(s3.Options("sales/", ("schema", "id:int64,city:string,amount:float64,day:date32")));
        Assert.Equal(17.5, sales.Sum(s => s.Amount ?? 0));
        Assert.Equal(["Oslo"], sales.Where(s => s.Day.Month == 2).Select(s => s.City).ToArray());
    }

    [PythonModulesFact("boto3, moto", Where)]
    public void Reads_json_lines_objects()
    {
        Assert.Equal([new Event(1, "click ✓"), new Event(2, null)], Open<Event>(s3.Options("events/")).ToList());
    }

    [PythonModulesFact("boto3, moto", Where)]
    public void A_missing_bucket_fails_at_open_without_showing_the_secret_key()
    {
        var options = s3.Options("sales/", ("bucket", "no-such-bucket"));
        var ex = Failures.Assert(() => Open<Sale>(options), Source, "infer_schema", "RuntimeError",
            "cannot list s3://no-such-bucket/sales/: NoSuchBucket The specified bucket does not exist");
        Failures.DoesNotLeak(ex, MotoS3Server.SecretKey);
    }

    [PythonModulesFact("boto3, moto", Where)]
    public void An_empty_prefix_fails_at_open()
    {
        Failures.Assert(() => Open<Sale>(s3.Options("nothing-here/")), Source, "infer_schema", "FileNotFoundError",
            $"no objects under s3://{MotoS3Server.Bucket}/nothing-here/");
    }

    [PythonModulesFact("boto3, moto", Where, absent: "pyarrow")]
    public void Parquet_objects_without_pyarrow_fail_with_the_fix()
    {
        Failures.Assert(() => Open<Sale>(s3.Options("tables/")), Source, "infer_schema", "ImportError",
            "format=parquet needs pyarrow, which is not installed; store the data as CSV or JSON lines, or install pyarrow");
    }
}
