// SystemZlib: the system's zlib (zlib1g-dev), for inflating the entries of compressed MusicXML
// (.mxl) archives in ScoreReader with every read bounded by the archive's size.
#ifndef WOODSHED_SYSTEM_ZLIB_SHIM_H
#define WOODSHED_SYSTEM_ZLIB_SHIM_H

#include <zlib.h>

#endif
