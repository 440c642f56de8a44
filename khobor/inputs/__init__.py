"""Raw inputs other than text dumps (issue 25): HTML files and WARC archives.

- `kinds`: which input kind a raw file's name is (text, HTML, WARC);
- `charset`: an HTML page's encoding (BOM, HTTP header, meta, then detection);
- `render`: HTML → lines with the block structure kept (resiliparse);
- `warc`: a WARC archive's records listed (offsets only) and read one at a time;
- `markup`: the markup's own evidence (title, og:title, h1, JSON-LD, article:* meta).
"""
