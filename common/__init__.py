"""Shared helpers on the bottom floor: what every app may use and none of them owns.

Vietnamese numbers (:mod:`common.numbers`) and the form fields that read them and dates (:mod:`common.fields`),
Excel cells (:mod:`common.xlsx`), download names (:mod:`common.filenames`), upload checks
(:mod:`common.uploads`), the Vietnamese collation (:mod:`common.collation`) and the template tags every page
loads (``{% load thidua %}``). Nothing here imports an app of the project.
"""
