/* workspace.h: the private layout of precis_workspace (see precis.h):
 * one thread's working buffers for laying out pages and finding their
 * quotes, kept from one document to the next. */
#ifndef PRECIS_WORKSPACE_H
#define PRECIS_WORKSPACE_H

#include "attribute.h"
#include "lang.h"
#include "precis.h"

struct precis_workspace {
    px_page_scratch page;  /* OWNED: the layout's (layout.c) */
    px_attr_scratch attr;  /* OWNED: the attribution's (attribute.c) */
};

#endif
