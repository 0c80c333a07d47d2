namespace Linq2PyArrow;

/// <summary>
/// The embedded Python could not be found, loaded or started. The message lists what was tried and how to fix it.
/// </summary>
public sealed class PythonEnvironmentException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PythonEnvironmentException(string message, Exception? inner = null) : base(message, inner) { }
}
