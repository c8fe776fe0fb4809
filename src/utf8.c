/* utf8.c: placeholder until the module lands. */
typedef int px_placeholder_utf8;
