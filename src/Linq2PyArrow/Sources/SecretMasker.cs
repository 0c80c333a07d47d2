using System.Text.RegularExpressions;

namespace Linq2PyArrow.Sources;

/// <summary>
/// Keeps secrets out of every message, ToString and log line: values of options (and partition-spec entries)
/// whose key looks like a secret are masked, wherever they appear, including inside Python's own exception
/// text; credentials embedded in URLs (scheme://user:password@host) are masked too.
/// </summary>
internal sealed partial class SecretMasker
{
    public const string Mask = "***";
    private readonly string[] _secrets;

    public static SecretMasker None { get; } = new([]);

    private SecretMasker(string[] secrets) => _secrets = secrets;

    public static SecretMasker For(IReadOnlyDictionary<string, string>? options)
    {
        if (options is null) return None;
        var secrets = options
            .Where(o => IsSecretKey(o.Key) && !string.IsNullOrEmpty(o.Value))
            .Select(o => o.Value)
            .Concat(options.Values.SelectMany(UrlPasswords))
            .SelectMany(WithEscapedForms)
            .Distinct()
            .OrderByDescending(s => s.Length) // longest first, so a secret containing another is masked whole
            .ToArray();
        return secrets.Length == 0 ? None : new SecretMasker(secrets);
    }

    /// <summary>This masker plus more secret values (e.g. from a partition spec).</summary>
    public SecretMasker With(IEnumerable<string> secrets)
    {
        var more = secrets.Where(s => s.Length > 0).ToList();
        if (more.Count == 0) return this;
        return new SecretMasker(_secrets.Concat(more.Concat(more.SelectMany(UrlPasswords)).SelectMany(WithEscapedForms)).Distinct().OrderByDescending(s => s.Length).ToArray());
    }

    /// <summary>
    /// A key holding one of these (any case, any position) holds a secret. The same list as the Python helpers'
    /// linq2pyarrow.secret_names.SECRET_KEY_PARTS (a test checks it).
    /// </summary>
    internal static readonly string[] SecretKeyParts = ["pass", "pwd", "secret", "token", "key", "credential", "auth", "signature"];

    /// <summary>True for keys such as password, secret, token, api_key, credential (any case, any position).</summary>
    public static bool IsSecretKey(string key) =>
        SecretKeyParts.Any(part => key.Contains(part, StringComparison.OrdinalIgnoreCase));

    public string Apply(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        foreach (var secret in _secrets) text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return UrlCredentials().Replace(text, "${prefix}" + Mask + "@");
    }

    /// <summary>Options for display: secret-looking keys masked, URL credentials masked.</summary>
    public IReadOnlyDictionary<string, string> MaskOptions(IReadOnlyDictionary<string, string> options) =>
        options.ToDictionary(o => o.Key, o => IsSecretKey(o.Key) ? Mask : Apply(o.Value));

    /// <summary>
    /// The secret as written, plus the forms Python's repr() and JSON give it when it holds quotes, backslashes or
    /// control characters (e.g. a source raising f"bad options {options!r}"): masking only the raw text would let
    /// 'pw\'x' through for the password pw'x.
    /// </summary>
    private static IEnumerable<string> WithEscapedForms(string secret)
    {
        yield return secret;
        if (secret.IndexOfAny(['\\', '\'', '"', '\n', '\r', '\t']) < 0) yield break;
        var escaped = secret.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\r", "\\r").Replace("\t", "\\t");
        yield return escaped;
        yield return escaped.Replace("'", "\\'");
        yield return escaped.Replace("\"", "\\\"");
        yield return escaped.Replace("'", "\\'").Replace("\"", "\\\"");
    }

    private static IEnumerable<string> UrlPasswords(string value) =>
        UrlCredentials().Matches(value).Select(m => m.Groups["password"].Value).Where(p => p.Length > 0);

    [GeneratedRegex(@"(?<prefix>[a-zA-Z][a-zA-Z0-9+.\-]*://[^:/@\s]*:)(?<password>[^@/\s]+)@")]
    private static partial Regex UrlCredentials();
}
