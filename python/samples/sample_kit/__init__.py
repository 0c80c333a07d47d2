"""Small helpers shared by the sample sources (schema option, filters, text formats).

The samples only rely on the pyarrow subset that ``linq2pyarrow.arrow`` also
provides, so they run with or without pyarrow.
"""
