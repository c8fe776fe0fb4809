/* workspace.c: precis_workspace_*: buffers that a thread's layouts and
 * quote finding borrow for one document and hand back, so that they grow
 * to the size pages need once rather than being allocated and freed for
 * every page. */
#include "workspace.h"

#include "alloc.h"
#include "layout.h"

int precis_workspace_new(precis_workspace **out)
{
    if (!out)
        return PRECIS_EINVAL;
    *out = px_calloc(1, sizeof **out);
    return *out ? PRECIS_OK : PRECIS_ENOMEM;
}

void precis_workspace_free(precis_workspace *ws)
{
    if (!ws)
        return;
    px_page_scratch_free(&ws->page);
    px_attr_scratch_free(&ws->attr);
    px_free(ws);
}
