"""Writers of output formats that need no database: plain values in, a file out."""
