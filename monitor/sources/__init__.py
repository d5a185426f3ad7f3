"""Sources of raw documents: the inbox folder (and feeds, in their own module)."""

from monitor.sources.folder import FolderScan, decode_bytes, read_document, scan_folder

__all__ = ["FolderScan", "decode_bytes", "read_document", "scan_folder"]
