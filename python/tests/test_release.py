"""Release semantics: exactly once, through private_data, after moves, from any thread."""
import ctypes
import gc
import sys
import threading
import unittest

from linq2pyarrow import arrow as pa
from linq2pyarrow.arrow import _cdata

from . import cabi_reader as reader


def make_batch():
    return pa.RecordBatch.from_pydict(
        {
            "i": [1, None, 3],
            "s": ["a", "b", None],
            "l": [[1], None, [2, 3]],
            "d": pa.array(["x", "y", "x"], pa.dictionary(pa.int8(), pa.string())),
        }
    )


class ReleaseTest(unittest.TestCase):
    def setUp(self):
        gc.collect()
        self.before = _cdata.stats()

    def tearDown(self):
        gc.collect()
        after = _cdata.stats()
        self.assertEqual(after["live"], self.before["live"], "exported structs leaked")
        self.assertEqual(after["unknown_releases"], self.before["unknown_releases"], "double release")

    def released_since_setup(self):
        return _cdata.stats()["released"] - self.before["released"]

    def test_unconsumed_capsules_release_on_destruction(self):
        schema_capsule, array_capsule = make_batch().__arrow_c_array__()
        self.assertGreater(_cdata.live_exports(), self.before["live"])
        del schema_capsule, array_capsule
        self.assertEqual(_cdata.live_exports(), self.before["live"])

    def test_each_struct_is_released_exactly_once(self):
        batch = make_batch()
        schema_capsule, array_capsule = batch.__arrow_c_array__()
        exported = _cdata.stats()["exported"] - self.before["exported"]
        # schema: top + 4 fields + list item + dictionary values; array: top + 4 columns + list child + dictionary
        self.assertEqual(exported, 7 + 7)
        del schema_capsule, array_capsule
        self.assertEqual(self.released_since_setup(), exported)

    def test_consumer_moves_the_struct(self):
        schema_capsule, array_capsule = make_batch().__arrow_c_array__()
        address = reader.capsule_pointer(array_capsule, "arrow_array")
        moved = reader.move(address, reader.CArray)  # copy bytes, NULL the original's release
        del array_capsule  # the destructor must not release a moved struct
        live = _cdata.live_exports()
        self.assertGreater(live, self.before["live"])
        schema = reader.read_schema(reader.capsule_pointer(schema_capsule, "arrow_schema"))
        self.assertEqual(reader.read_array(ctypes.addressof(moved), schema)[0]["s"], "a")
        moved_again = reader.move(ctypes.addressof(moved), reader.CArray)  # moved twice: still works
        reader.release(ctypes.addressof(moved_again), reader.CArray)
        self.assertEqual(_cdata.live_exports(), live - 7)
        del schema_capsule

    def test_child_moved_out_outlives_its_parent(self):
        batch = make_batch()
        c_array, c_schema = reader.CArray(), reader.CSchema()
        batch._export_to_c(ctypes.addressof(c_array), ctypes.addressof(c_schema))
        schema = reader.read_schema(ctypes.addressof(c_schema))
        child = reader.move(ctypes.addressof(c_array.children[1].contents), reader.CArray)
        reader.release(ctypes.addressof(c_array), reader.CArray)
        del batch
        gc.collect()
        self.assertEqual(reader.read_array(ctypes.addressof(child), schema["children"][1]), ["a", "b", None])
        reader.release(ctypes.addressof(child), reader.CArray)
        reader.release(ctypes.addressof(c_schema), reader.CSchema)

    def test_release_of_a_stale_copy_is_counted_not_crashing(self):
        arr = pa.array([1, 2])  # no children: a stale copy points at nothing freed
        c_array = reader.CArray()
        arr._export_to_c(ctypes.addressof(c_array))
        stale = reader.CArray()
        ctypes.memmove(ctypes.addressof(stale), ctypes.addressof(c_array), ctypes.sizeof(reader.CArray))
        reader.release(ctypes.addressof(c_array), reader.CArray)
        reader.RELEASE(stale.release)(ctypes.addressof(stale))
        self.assertEqual(_cdata.stats()["unknown_releases"], self.before["unknown_releases"] + 1)
        self.before["unknown_releases"] += 1

    def test_release_from_another_python_thread(self):
        c_array = reader.CArray()
        make_batch()._export_to_c(ctypes.addressof(c_array))
        thread = threading.Thread(target=reader.release, args=(ctypes.addressof(c_array), reader.CArray))
        thread.start()
        thread.join()
        self.assertFalse(c_array.release)

    @unittest.skipUnless(sys.platform.startswith("linux"), "uses pthread_create")
    def test_release_from_a_thread_without_python_thread_state(self):
        # Like the CLR finalizer thread: a native thread that never ran Python.
        libc = ctypes.CDLL(None)
        c_array = reader.CArray()
        make_batch()._export_to_c(ctypes.addressof(c_array))
        thread_id = ctypes.c_ulong()
        # release(void*) is called as a start routine; its missing return value is ignored by join.
        create = libc.pthread_create
        create.argtypes = [ctypes.POINTER(ctypes.c_ulong), ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
        self.assertEqual(create(ctypes.byref(thread_id), None, c_array.release, ctypes.addressof(c_array)), 0)
        join = libc.pthread_join  # a plain CDLL call: the GIL is released while we wait
        join.argtypes = [ctypes.c_ulong, ctypes.c_void_p]
        self.assertEqual(join(thread_id, None), 0)
        self.assertFalse(c_array.release)

    def test_capsule_dropped_during_exception_unwinding(self):
        # The capsules are temporaries that die while ValueError propagates.
        # Destroying them then would run ctypes callbacks, which would swallow
        # the exception (and crash 3.11+); they must be collected later instead.
        def boom():
            raise ValueError("boom")

        with self.assertRaises(ValueError):
            [pa.array([1]).__arrow_c_array__(), boom()]
        self.assertEqual(_cdata.live_exports(), self.before["live"])

    def test_unconsumed_capsules_are_destroyed_by_collect(self):
        capsule = pa.int64().__arrow_c_schema__()
        del capsule
        self.assertGreaterEqual(_cdata.collect(), 1)

    def test_failed_export_releases_what_it_exported(self):
        class Exploding:
            def _c_array_parts(self):
                raise RuntimeError("no")

        node = pa.array([{"a": 1}])
        node._children.append(Exploding())  # second child fails after the first was exported
        out = reader.CArray()
        with self.assertRaises(RuntimeError):
            _cdata.export_array(node, ctypes.addressof(out))
        self.assertFalse(out.release)

    def test_capsule_names(self):
        arr = pa.array([1])
        schema_capsule, array_capsule = arr.__arrow_c_array__()
        self.assertEqual(_cdata.capsule_name(schema_capsule), "arrow_schema")
        self.assertEqual(_cdata.capsule_name(array_capsule), "arrow_array")
        self.assertEqual(_cdata.capsule_name(pa.schema([("a", pa.int8())]).__arrow_c_schema__()), "arrow_schema")
        self.assertEqual(_cdata.capsule_name(pa.int8().__arrow_c_schema__()), "arrow_schema")
        reader_ = pa.RecordBatchReader.from_batches(pa.schema([("a", pa.int8())]), [])
        self.assertEqual(_cdata.capsule_name(reader_.__arrow_c_stream__()), "arrow_array_stream")
        with self.assertRaises(ValueError):
            _cdata.capsule_pointer(schema_capsule, _cdata.ARRAY)


if __name__ == "__main__":
    unittest.main()
