/* ablation.c: summaries of a folder of articles with changed scoring
 * weights, for bench/ablation.sh (built only with -Dbench=true).
 *
 * Usage: ablation [-n N] ARTICLES_DIR OUT_DIR [NAME=VALUE ...]
 *
 * Reads every *.txt file of ARTICLES_DIR, builds the folder's IDF model as
 * `precis summarize` does for several inputs, and writes OUT_DIR/<id>.txt:
 * the N chosen sentences (default 3), one a line, white space collapsed.
 * Each NAME=VALUE replaces one field of px_default_weights (see
 * src/score.h), e.g. `position=0` or `redundancy=1`. With no NAME=VALUE
 * the output is what `precis summarize -n N` picks. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "precis.h"
#include "score.h"
#include "select.h"

typedef struct field {
    const char *name;
    double *real;
    size_t *count;
} field;

static int set_weight(px_weights *w, const char *arg)
{
    field fields[] = {
        {"centrality", &w->centrality, NULL},
        {"title", &w->title, NULL},
        {"forward", &w->forward, NULL},
        {"position", &w->position, NULL},
        {"position_decay", &w->position_decay, NULL},
        {"short_words", NULL, &w->short_words},
        {"long_words", NULL, &w->long_words},
        {"fragment", &w->fragment, NULL},
        {"question", &w->question, NULL},
        {"quote", &w->quote, NULL},
        {"dangling", &w->dangling, NULL},
        {"glued", &w->glued, NULL},
        {"redundancy", &w->redundancy, NULL},
    };
    const char *eq = strchr(arg, '=');
    if (!eq)
        return -1;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (strlen(fields[i].name) != (size_t)(eq - arg) ||
            strncmp(fields[i].name, arg, (size_t)(eq - arg)) != 0)
            continue;
        char *end;
        double v = strtod(eq + 1, &end);
        if (*end || end == eq + 1 || v < 0.0)
            return -1;
        if (fields[i].real)
            *fields[i].real = v;
        else
            *fields[i].count = (size_t)v;
        return 0;
    }
    return -1;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, cap *= 2);
            if (!bigger)
                free(buf);
            buf = bigger;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.txt names of dir, sorted; NULL on error. */
static char **list_txt(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    size_t n = 0, cap = 64;
    char **names = malloc(cap * sizeof *names);
    struct dirent *e;
    while (names && (e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0)
            continue;
        if (n == cap) {
            char **bigger = realloc(names, (cap *= 2) * sizeof *names);
            if (!bigger) {
                free(names);
                names = NULL;
                break;
            }
            names = bigger;
        }
        names[n] = malloc(len + 1);
        if (!names[n])
            break;
        memcpy(names[n++], e->d_name, len + 1);
    }
    closedir(d);
    if (names)
        qsort(names, n, sizeof *names, by_name);
    *count = n;
    return names;
}

/* Writes one sentence on one line, runs of white space as one space. */
static void put_line(FILE *f, const char *s, size_t len)
{
    int space = 0, started = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = started;
            continue;
        }
        if (space)
            fputc(' ', f);
        space = 0;
        started = 1;
        fputc(c, f);
    }
    fputc('\n', f);
}

static int summarize(const precis_article *a, const precis_idf *idf,
                     const px_weights *w, size_t n, FILE *out)
{
    size_t count = a->sentence_count, chosen_count = 0;
    double *scores = malloc((count ? count : 1) * sizeof *scores);
    size_t *chosen = malloc((count ? count : 1) * sizeof *chosen);
    precis_summary_options o;
    precis_summary_options_init(&o);
    o.sentences = n;
    int rc = scores && chosen ? 0 : PRECIS_ENOMEM;
    if (!rc && count)
        rc = px_score_sentences_weighted(a, idf, w, scores);
    if (!rc && count)
        rc = px_select_sentences_limited(a, scores, &o, w->redundancy, chosen,
                                         &chosen_count);
    const char *text = precis_doc_text(a->doc);
    for (size_t i = 0; !rc && i < chosen_count; i++) {
        precis_span s = a->sentences[chosen[i]].span;
        put_line(out, text + s.start, s.end - s.start);
    }
    free(scores);
    free(chosen);
    return rc;
}

int main(int argc, char **argv)
{
    size_t n = 3;
    int arg = 1;
    if (argc > 2 && strcmp(argv[1], "-n") == 0) {
        n = (size_t)strtoul(argv[2], NULL, 10);
        arg = 3;
    }
    px_weights w = px_default_weights;
    if (argc - arg < 2) {
        fprintf(stderr, "usage: ablation [-n N] ARTICLES_DIR OUT_DIR "
                        "[NAME=VALUE ...]\n");
        return 2;
    }
    const char *dir = argv[arg], *out_dir = argv[arg + 1];
    for (int i = arg + 2; i < argc; i++) {
        if (set_weight(&w, argv[i]) != 0) {
            fprintf(stderr, "ablation: bad weight '%s'\n", argv[i]);
            return 2;
        }
    }
    size_t files = 0;
    char **names = list_txt(dir, &files);
    precis_lang *lang = NULL;
    precis_analyzer *analyzer = NULL;
    precis_idf *idf = NULL;
    precis_doc **docs = calloc(files ? files : 1, sizeof *docs);
    precis_article **articles = calloc(files ? files : 1, sizeof *articles);
    int rc = names && docs && articles ? 0 : 1;
    if (!rc)
        rc = precis_lang_new("english", NULL, 0, &lang) ||
             precis_analyzer_new(lang, &analyzer) ||
             precis_idf_new("english", &idf);
    char path[4096];
    for (size_t i = 0; !rc && i < files; i++) {
        size_t len = 0;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        char *bytes = read_file(path, &len);
        rc = !bytes ||
             precis_doc_new(bytes, len, PRECIS_DOC_REPAIR, &docs[i], NULL) ||
             precis_article_new(analyzer, docs[i], &articles[i]) ||
             precis_idf_add(idf, articles[i]);
        free(bytes);
        if (rc)
            fprintf(stderr, "ablation: cannot read %s\n", path);
    }
    for (size_t i = 0; !rc && i < files; i++) {
        snprintf(path, sizeof path, "%s/%s", out_dir, names[i]);
        FILE *f = fopen(path, "w");
        rc = !f || summarize(articles[i], files > 1 ? idf : NULL, &w, n, f);
        if (f && fclose(f) != 0)
            rc = 1;
        if (rc)
            fprintf(stderr, "ablation: cannot write %s: %s\n", path,
                    strerror(errno));
    }
    for (size_t i = 0; i < files; i++) {
        if (articles)
            precis_article_free(articles[i]);
        if (docs)
            precis_doc_free(docs[i]);
        if (names)
            free(names[i]);
    }
    free(articles);
    free(docs);
    free(names);
    precis_idf_free(idf);
    precis_analyzer_free(analyzer);
    precis_lang_free(lang);
    return rc ? 1 : 0;
}
