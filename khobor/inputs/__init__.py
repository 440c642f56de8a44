"""Raw inputs other than text dumps (issue 25): HTML files and WARC archives.

- `kinds`: which input kind a raw file's name is (text, HTML, WARC);
- `charset`: an HTML page's encoding (BOM, HTTP header, meta, then detection);
- `render`: HTML → lines with the block structure kept (resiliparse);
- `warc`: a WARC archive's records listed (offsets only) and read one at a time;
- `markup`: the markup's own evidence (title, og:title, h1, JSON-LD, article:* meta);
- `titles`: a title's parts around a site suffix or kicker;
- `weigh`: the evidence against the text's record (agree, disagree, taken …);
- `fill`: which markup values may fill a field the text left empty, and the guards.
"""
