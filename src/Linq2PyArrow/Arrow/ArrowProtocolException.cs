namespace Linq2PyArrow.Arrow;

/// <summary>An object broke the Arrow C Data / PyCapsule protocol; wrapped with source context before it reaches users.</summary>
internal sealed class ArrowProtocolException(string message, Exception? inner = null) : Exception(message, inner);
