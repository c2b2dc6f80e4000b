"""Xiaowei (小微): supervision of village-level micro power."""
