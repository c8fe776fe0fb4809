/* rouge.h: ROUGE-1/2/L scoring, ROUGE-1.5.5's way (public API in
 * precis.h, "Evaluation"). This private header names what the tests reach
 * beyond the public calls. */
#ifndef PRECIS_ROUGE_H
#define PRECIS_ROUGE_H

#include <stddef.h>

/* How many words of line[0..len) ROUGE-1.5.5's -l counts: the runs of
 * non-blank bytes, plus one empty word when the line starts with white
 * space (Perl's split keeps a leading empty field). A blank line has
 * none. */
size_t px_rouge_line_words(const char *line, size_t len);

/* Rounds x to 5 decimals the way ROUGE-1.5.5 prints it. */
double px_rouge_round5(double x);

#endif
