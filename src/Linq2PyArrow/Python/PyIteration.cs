namespace Linq2PyArrow.Python;

/// <summary>Consuming Python iterators from .NET code that may await or block between items.</summary>
internal static class PyIteration
{
    /// <summary>
    /// Iterates a Python iterable, converting each item under the GIL. The GIL is taken per item and released
    /// before the item is yielded, so consumer code (including an <c>await</c> between items, whose continuation
    /// may run on another thread) never runs while this thread holds it. An exception raised by the iterator
    /// surfaces as a <see cref="PythonException"/> after the items before it. The caller keeps ownership of
    /// <paramref name="iterable"/>; it must stay alive during the enumeration. No GIL is needed to call this.
    /// </summary>
    public static IEnumerable<T> Enumerate<T>(PyObject iterable, Func<PyObject, T> convert)
    {
        PyObject iterator;
        using (Gil.Acquire()) iterator = iterable.GetIter();
        try
        {
            while (true)
            {
                T value;
                using (Gil.Acquire())
                {
                    using var item = iterator.Next();
                    if (item is null) break;
                    value = convert(item);
                }
                yield return value;
            }
        }
        finally
        {
            // May run on another thread than the one that started (the enumerator was disposed after an await).
            using (Gil.Acquire()) iterator.Dispose();
        }
    }
}
