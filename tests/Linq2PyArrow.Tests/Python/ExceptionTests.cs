using Linq2PyArrow.Python;
using Linq2PyArrow.Python.CPython;

namespace Linq2PyArrow.Tests.Python;

/// <summary>Python errors become typed, eagerly formatted PythonExceptions (§8.4 13, 15, 18).</summary>
[Trait("Category", "Binding")]
public sealed class ExceptionTests
{
    [Fact]
    public void A_KeyError_raised_in_C_by_a_dict_lookup_has_its_type_and_message()
    {
        // Straight from the C API, no Python frame in between: on 3.11 the error arrives unnormalized (a tuple).
        using var gil = Gil.Acquire();
        using var dict = PyConvert.ToPython(new Dictionary<string, object?> { ["a"] = 1L });
        using var key = PyConvert.ToPython("x");
        var error = Assert.Throws<PythonException>(() => dict.GetItem(key));
        Assert.Equal("KeyError", error.PythonType);
        Assert.Equal("'x'", error.PythonMessage);
        Assert.Equal("KeyError: 'x'", error.Message);
        Assert.EndsWith("KeyError: 'x'", error.PythonTraceback);
    }

    private static ReadOnlySpan<byte> SchemaName => "arrow_schema\0"u8;
    private static ReadOnlySpan<byte> ArrayName => "arrow_array\0"u8;

    [Fact]
    public unsafe void A_capsule_with_the_wrong_name_is_a_clean_ValueError_and_IsValid_sets_no_error()
    {
        using var gil = Gil.Acquire();
        var payload = stackalloc long[1];
        // The name must outlive the capsule (it is not copied): u8 literals live in the assembly image.
        fixed (byte* schemaName = SchemaName)
        fixed (byte* arrayName = ArrayName)
        {
            using var capsule = PyObject.Steal(CApi.PyCapsule_New(payload, schemaName, 0));
            Assert.Equal(1, CApi.PyCapsule_IsValid(capsule.Handle, schemaName));
            Assert.Equal(0, CApi.PyCapsule_IsValid(capsule.Handle, arrayName));
            Assert.Equal(0, CApi.PyErr_Occurred());
            Assert.True(CApi.PyCapsule_GetPointer(capsule.Handle, schemaName) == payload);

            Assert.True(CApi.PyCapsule_GetPointer(capsule.Handle, arrayName) == null);
            var error = PythonErrors.Fetch();
            Assert.Equal("ValueError", error.PythonType);
            Assert.Equal("PyCapsule_GetPointer called with incorrect name", error.PythonMessage);
            Assert.Equal("ValueError: PyCapsule_GetPointer called with incorrect name", error.Message);
            Assert.Equal(0, CApi.PyErr_Occurred());
        }
    }

    [Fact]
    public void The_traceback_includes_the_cause_chain()
    {
        using var gil = Gil.Acquire();
        using var globals = BindingTestSupport.Exec("");
        var error = Assert.Throws<PythonException>(() => PyCode.Eval("binding_helpers.explicit_chain()", globals));
        Assert.Equal("RuntimeError", error.PythonType);
        Assert.Equal("outer failure", error.PythonMessage);
        var text = error.PythonTraceback;
        Assert.StartsWith("Traceback (most recent call last):", text);
        var cause = text.IndexOf("KeyError: 'inner key'", StringComparison.Ordinal);
        var link = text.IndexOf("The above exception was the direct cause of the following exception:", StringComparison.Ordinal);
        var outer = text.IndexOf("RuntimeError: outer failure", StringComparison.Ordinal);
        Assert.True(cause >= 0 && link > cause && outer > link, text);
        Assert.Contains("in explicit_chain", text);
        Assert.Contains("binding_helpers.py", text);
    }

    [Fact]
    public void The_traceback_includes_the_implicit_context()
    {
        using var gil = Gil.Acquire();
        using var globals = BindingTestSupport.Exec("");
        var error = Assert.Throws<PythonException>(() => PyCode.Eval("binding_helpers.implicit_chain()", globals));
        Assert.Equal("ValueError: failed while handling", error.Message);
        Assert.Contains("ZeroDivisionError: division by zero", error.PythonTraceback);
        Assert.Contains("During handling of the above exception, another exception occurred:", error.PythonTraceback);
    }

    [Fact]
    public void Exception_types_outside_builtins_are_qualified_by_their_module()
    {
        using var gil = Gil.Acquire();
        using var globals = BindingTestSupport.Exec("");
        var error = Assert.Throws<PythonException>(() => PyCode.Eval("binding_helpers.raise_custom('custom')", globals));
        Assert.Equal("binding_helpers.CustomError", error.PythonType);
        Assert.Equal("binding_helpers.CustomError: custom", error.Message);
        Assert.Contains("--- Python traceback ---", error.ToString());
    }

    [Fact]
    public void Non_ascii_and_non_bmp_text_survives_in_exception_messages()
    {
        const string message = "héllo ∑ 中文 😀 \U0001F600\U0010FFFF";
        using var gil = Gil.Acquire();
        using var raise = PyCode.Exec("def boom(m):\n    raise ValueError(m)\n");
        using var boom = PyCode.Eval("boom", raise);
        using var arg = PyConvert.ToPython(message);
        var error = Assert.Throws<PythonException>(() => boom.Call(arg));
        Assert.Equal(message, error.PythonMessage);
        Assert.Equal($"ValueError: {message}", error.Message);
        Assert.EndsWith($"ValueError: {message}", error.PythonTraceback);
    }

    [Fact]
    public unsafe void A_syntax_error_and_a_failed_import_are_python_exceptions_too()
    {
        using var gil = Gil.Acquire();
        var syntax = Assert.Throws<PythonException>(() => PyCode.Eval("1 +"));
        Assert.Equal("SyntaxError", syntax.PythonType);
        var import = Assert.Throws<PythonException>(() => PythonTypes.Import("no_such_module_for_linq2pyarrow"));
        Assert.Equal("ModuleNotFoundError", import.PythonType);
        Assert.Equal("No module named 'no_such_module_for_linq2pyarrow'", import.PythonMessage);
        Assert.Equal(0, CApi.PyErr_Occurred());
    }

    [Fact]
    public unsafe void A_missing_attribute_returns_null_from_GetAttrOrNull_and_leaves_no_error()
    {
        using var gil = Gil.Acquire();
        using var sys = PythonTypes.Import("sys");
        Assert.Null(sys.GetAttrOrNull("no_such_attribute"));
        Assert.Equal(0, CApi.PyErr_Occurred());
        var error = Assert.Throws<PythonException>(() => sys.GetAttr("no_such_attribute"));
        Assert.Equal("AttributeError", error.PythonType);
        Assert.Equal("module 'sys' has no attribute 'no_such_attribute'", error.PythonMessage);
    }
}
