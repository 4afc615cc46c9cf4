"""Read: an article file or saved web page → `Article` (NFC text, offsets fixed from here on).

``article`` reads a file, ``encodings`` decodes its bytes, ``html`` takes a page's main text,
``normalize`` and ``sentences`` give the views the extraction matches on.
"""
