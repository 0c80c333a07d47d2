using Linq2PyArrow.Python;

namespace Linq2PyArrow.Tests.Infrastructure;

/// <summary>
/// moto's ThreadedMotoServer on 127.0.0.1 inside the embedded Python, with a bucket of CSV and JSON-lines
/// objects put through boto3. Only started when boto3 and moto import (the S3 tests are skipped otherwise).
/// </summary>
public sealed class MotoS3Server : IDisposable
{
    public const string Bucket = "l2pa-data", AccessKey = "testing", SecretKey = "s3cr3t-Access-Key-4242";

    private readonly PyObject? _server;

    public MotoS3Server()
    {
        if (!PythonModules.IsImportable("moto") || !PythonModules.IsImportable("boto3")) return;
        using var gil = Gil.Acquire();
        using var globals = PyCode.NewGlobals();
        using (PyCode.Exec($$"""
            import logging, os
            import boto3
            from moto.server import ThreadedMotoServer
            # No real AWS configuration or instance metadata may be consulted.
            os.environ.update(AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_EC2_METADATA_DISABLED="true")
            logging.getLogger("werkzeug").setLevel(logging.ERROR)
            server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
            server.start()
            host, port = server.get_host_and_port()
            endpoint = f"http://{host}:{port}"
            s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                              aws_access_key_id="{{AccessKey}}", aws_secret_access_key="{{SecretKey}}")
            s3.create_bucket(Bucket="{{Bucket}}")
            s3.put_object(Bucket="{{Bucket}}", Key="sales/", Body=b"")  # a folder marker: not a partition
            s3.put_object(Bucket="{{Bucket}}", Key="sales/2024-01.csv",
                          Body="id,city,amount,day\n1,Zürich,10.5,2024-01-05\n2,東京,,2024-01-06\n".encode())
            s3.put_object(Bucket="{{Bucket}}", Key="sales/2024-02.csv", Body=b"id,city,amount,day\n3,Oslo,7,2024-02-01\n")
            s3.put_object(Bucket="{{Bucket}}", Key="events/a.jsonl", Body='{"id": 1, "kind": "click ✓"}\n{"id": 2}\n'.encode())
            s3.put_object(Bucket="{{Bucket}}", Key="tables/t.parquet", Body=b"PAR1")
            """, globals)) { }
        _server = PyCode.Eval("server", globals);
        using var endpoint = PyCode.Eval("endpoint", globals);
        Endpoint = (string)PyConvert.FromPython(endpoint)!;
    }

    public string Endpoint { get; } = "";

    public Dictionary<string, string> Options(string prefix, params (string Key, string Value)[] extra)
    {
        var options = new Dictionary<string, string>
        {
            ["bucket"] = Bucket, ["prefix"] = prefix, ["endpoint_url"] = Endpoint,
            ["aws_access_key_id"] = AccessKey, ["aws_secret_access_key"] = SecretKey, ["region"] = "us-east-1",
        };
        foreach (var (key, value) in extra) options[key] = value;
        return options;
    }

    public void Dispose()
    {
        if (_server is null) return;
        using (var gil = Gil.Acquire())
        using (_server.CallMethod("stop")) { }
        _server.Dispose();
    }
}
