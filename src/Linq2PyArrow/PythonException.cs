namespace Linq2PyArrow;

/// <summary>
/// A Python exception raised by code the library called, captured eagerly (under the GIL, at the point of
/// failure) so that it never needs Python again: type, message and the formatted traceback including the
/// <c>__cause__</c>/<c>__context__</c> chain.
/// </summary>
public class PythonException : Exception
{
    /// <summary>Creates the exception from its captured parts.</summary>
    public PythonException(string pythonType, string pythonMessage, string pythonTraceback)
        : base(pythonMessage.Length == 0 ? pythonType : $"{pythonType}: {pythonMessage}")
    {
        PythonType = pythonType;
        PythonMessage = pythonMessage;
        PythonTraceback = pythonTraceback;
    }

    /// <summary>The Python exception type, qualified by its module unless it is a builtin (e.g. <c>KeyError</c>, <c>mymod.MyError</c>).</summary>
    public string PythonType { get; }

    /// <summary><c>str(exception)</c>.</summary>
    public string PythonMessage { get; }

    /// <summary>The traceback as <c>traceback.format_exception</c> renders it, chained causes included.</summary>
    public string PythonTraceback { get; }

    /// <inheritdoc />
    public override string ToString() => $"{base.ToString()}{Environment.NewLine}--- Python traceback ---{Environment.NewLine}{PythonTraceback}";
}
