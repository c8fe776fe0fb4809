/* error.c: names of error codes, and the version. */
#include "precis.h"

const char *precis_version(void)
{
    return PRECIS_VERSION_STRING;
}

const char *precis_strerror(int err)
{
    switch (err) {
    case PRECIS_OK:
        return "success";
    case PRECIS_ENOMEM:
        return "out of memory";
    case PRECIS_EINVAL:
        return "invalid argument";
    case PRECIS_EUTF8:
        return "invalid UTF-8";
    case PRECIS_ELANG:
        return "unknown language (no Snowball stemmer for it)";
    case PRECIS_EIO:
        return "input/output error";
    case PRECIS_EFORMAT:
        return "malformed model or data file";
    case PRECIS_EVERSION:
        return "model file from an unsupported format version";
    default:
        return "unknown error";
    }
}
