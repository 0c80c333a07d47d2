"""Exception classes named like pyarrow's, so ``except pa.ArrowInvalid`` works with both."""

__all__ = ["ArrowException", "ArrowInvalid", "ArrowTypeError", "ArrowNotImplementedError", "ArrowCapacityError"]


class ArrowException(Exception):
    pass


class ArrowInvalid(ValueError, ArrowException):
    pass


class ArrowTypeError(TypeError, ArrowException):
    pass


class ArrowNotImplementedError(NotImplementedError, ArrowException):
    pass


class ArrowCapacityError(ArrowException):
    pass
