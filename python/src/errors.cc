// The engine's errors as Python exceptions: InputError (a ValueError) with
// the located problems of a file as attributes; OutputError as OSError.
#include <exception>

#include "bindings.hh"
#include "diagnostics.hh"
#include "file_input_error.hh"

namespace py = pybind11;

namespace chokepoint::python {

namespace {

/// chokepoint.InputError, set up once by bind_errors.
PyObject* g_input_error = nullptr;

/// Raise chokepoint.InputError(message) with `path` and `problems`, and the
/// pointer, line and column of the first problem (None where unknown).
void raise_input_error(const char* message, const std::string& path, const std::vector<Diagnostic>& problems) {
  const py::object error = py::reinterpret_borrow<py::object>(g_input_error)(message);
  py::list items;
  for (const Diagnostic& d : problems) {
    py::dict item;
    item["pointer"] = d.has_pointer ? py::object(py::str(d.pointer)) : py::none();
    item["line"] = d.line > 0 ? py::object(py::int_(d.line)) : py::none();
    item["column"] = d.column > 0 ? py::object(py::int_(d.column)) : py::none();
    item["message"] = d.message;
    items.append(item);
  }
  error.attr("path") = path.empty() ? py::none() : py::object(py::str(path));
  error.attr("problems") = items;
  for (const char* key : {"pointer", "line", "column"}) {
    error.attr(key) = items.empty() ? py::none() : py::object(items[0][key]);
  }
  PyErr_SetObject(g_input_error, error.ptr());
}

}  // namespace

void bind_errors(py::module_& m) {
  g_input_error = PyErr_NewExceptionWithDoc(
      "chokepoint.InputError",
      "Bad input: a model that breaks the format or its rules, an unknown policy or stress test, an option out\n"
      "of range. str() lists every problem as PATH:LINE:COLUMN: /json/pointer: message. Attributes: path\n"
      "(the file, or the name given to Model.from_dict), pointer, line and column (of the first problem;\n"
      "None where unknown) and problems (every problem found in the file's text, as a dict with pointer, line,\n"
      "column and message; empty for other errors).",
      PyExc_ValueError, nullptr);
  if (g_input_error == nullptr) throw py::error_already_set();
  m.add_object("InputError", py::handle(g_input_error));
  // pybind11's translator type is void (*)(std::exception_ptr): by value.
  py::register_exception_translator([](std::exception_ptr thrown) {  // NOLINT(performance-unnecessary-value-param)
    try {
      if (thrown) std::rethrow_exception(thrown);
    } catch (const FileInputError& e) {
      raise_input_error(e.what(), e.file(), e.problems());
    } catch (const InputError& e) {
      raise_input_error(e.what(), "", {});
    } catch (const OutputError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    }
  });
}

}  // namespace chokepoint::python
