/* cmd_eval.c: `precis eval rouge`, ROUGE-1/2/L of a folder of system
 * summaries against a folder of references, with ROUGE-1.5.5's figures.
 *
 * Pairing is by name: REF/<key>.txt is a document with one reference,
 * REF/<key>/ a document with one reference per (non-hidden) file in it;
 * the system summary is SYS/<key>.txt, or SYS/<key>. Documents are scored
 * in name order. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char help_text[] =
    "Usage: precis eval rouge --ref DIR --sys DIR [OPTIONS]\n"
    "\n"
    "ROUGE-1, ROUGE-2 and ROUGE-L recall, precision and F, computed as\n"
    "ROUGE-1.5.5 computes them (summary-level LCS; several references per\n"
    "document summed, as its -f A), averaged over the documents.\n"
    "\n"
    "Files are one sentence per line. REF/KEY.txt is a document with one\n"
    "reference, REF/KEY/ a document with one reference per file in it; the\n"
    "system summary is SYS/KEY.txt (or SYS/KEY). A document without one is\n"
    "scored as an empty summary (zero) and counted on stderr.\n"
    "\n"
    "Options:\n"
    "      --ref DIR     the references\n"
    "      --sys DIR     the system summaries\n"
    "  -m, --stem        stem tokens longer than 3 letters (ROUGE's Porter\n"
    "                    stemmer, after the WordNet exception lists of --data)\n"
    "  -s, --stopwords   drop DIR/smart_common_words.txt words (needs --data)\n"
    "  -l, --words N     keep the first N words of every summary\n"
    "      --alpha A     F = P*R / ((1-A)*P + A*R); default 0.5\n"
    "      --data DIR    ROUGE-1.5.5's data layout: the WordNet lists in\n"
    "                    DIR/WordNet-2.0-Exceptions/{adj,adv,noun,verb}.exc\n"
    "      --per-doc     also print one tab-separated line per document\n"
    "      --strict      fail when a system summary is missing\n"
    "  -h, --help        show this help\n"
    "\n"
    "Output: a line per measure with average R, P and F (0..1), a line\n"
    "counting documents, recall and precision lines, and last\n"
    "'R1 F R2 F RL F' with F x 100.\n"
    "\n"
    "Example:\n"
    "  precis eval rouge --ref refs/ --sys out/ -m --data rouge-data/\n"
    "\n"
    "Exit status: 0 scored, 1 a file could not be read (or --strict and a\n"
    "summary is missing), 2 the command line was wrong.\n";

static const char eval_help_text[] =
    "Usage: precis eval MEASURE [OPTIONS]\n"
    "\n"
    "Scores summaries against references. Measures:\n"
    "  rouge   ROUGE-1/2/L as ROUGE-1.5.5 ('precis eval rouge --help')\n";

enum { OPT_REF = 256, OPT_SYS, OPT_ALPHA, OPT_DATA, OPT_PER_DOC, OPT_STRICT };

static const struct option long_options[] = {
    {"ref", required_argument, NULL, OPT_REF},
    {"sys", required_argument, NULL, OPT_SYS},
    {"stem", no_argument, NULL, 'm'},
    {"stopwords", no_argument, NULL, 's'},
    {"words", required_argument, NULL, 'l'},
    {"alpha", required_argument, NULL, OPT_ALPHA},
    {"data", required_argument, NULL, OPT_DATA},
    {"per-doc", no_argument, NULL, OPT_PER_DOC},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

typedef struct rouge_args {
    const char *ref, *sys, *data;
    unsigned flags;
    size_t words;
    double alpha;
    int per_doc, strict;
} rouge_args;

/* ---- folders ------------------------------------------------------------- */

typedef struct name_list {
    char **names;
    size_t count, cap;
} name_list;

static void names_push(name_list *list, const char *name)
{
    if (list->count == list->cap) {
        list->cap = list->cap ? 2 * list->cap : 64;
        list->names = cli_xrealloc(list->names, list->cap * sizeof(char *));
    }
    list->names[list->count++] = cli_xstrdup(name);
}

static void names_free(name_list *list)
{
    size_t i;

    for (i = 0; i < list->count; i++)
        free(list->names[i]);
    free(list->names);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join_path(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *path = cli_xmalloc(a + b + 2);

    memcpy(path, dir, a);
    path[a] = '/';
    memcpy(path + a + 1, name, b + 1);
    return path;
}

enum { ENTRY_OTHER, ENTRY_FILE, ENTRY_FOLDER };

/* What dir/name is (following links). */
static int file_type(const char *dir, const char *name)
{
    char *path = join_path(dir, name);
    struct stat st;
    int type = ENTRY_OTHER;

    if (stat(path, &st) == 0)
        type = S_ISREG(st.st_mode)   ? ENTRY_FILE
               : S_ISDIR(st.st_mode) ? ENTRY_FOLDER
                                     : ENTRY_OTHER;
    free(path);
    return type;
}

/* The non-hidden names in dir, sorted. Prints the error and returns -1
 * when the folder cannot be read. */
static int list_folder(const char *dir, name_list *list)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (!d) {
        fprintf(stderr, "%s: cannot read: %s\n", dir, strerror(errno));
        return -1;
    }
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            names_push(list, e->d_name);
    closedir(d);
    qsort(list->names, list->count, sizeof(char *), compare_names);
    return 0;
}

static int has_txt_suffix(const char *name)
{
    size_t n = strlen(name);

    return n >= 4 && strcmp(name + n - 4, ".txt") == 0;
}

/* The system summary of `key`: SYS/KEY.txt, else SYS/KEY; NULL if neither
 * is a file. OWNED: free(). */
static char *system_path(const char *sys, const char *key)
{
    size_t n = strlen(key);
    char *name = cli_xmalloc(n + 5);
    char *path = NULL;

    memcpy(name, key, n);
    memcpy(name + n, ".txt", 5);
    if (file_type(sys, name) == ENTRY_FILE)
        path = join_path(sys, name);
    else if (file_type(sys, key) == ENTRY_FILE)
        path = join_path(sys, key);
    free(name);
    return path;
}

/* Counts the files of SYS that no document of REF asks for. */
static size_t count_unpaired(const char *sys, const name_list *keys)
{
    name_list names = {0};
    size_t i, extra = 0;

    if (list_folder(sys, &names) != 0)
        return 0;
    for (i = 0; i < names.count; i++) {
        char *key = names.names[i];

        if (file_type(sys, key) != ENTRY_FILE)
            continue;
        if (has_txt_suffix(key))
            key[strlen(key) - 4] = '\0';
        if (!bsearch(&key, keys->names, keys->count, sizeof(char *),
                     compare_names))
            extra++;
    }
    names_free(&names);
    return extra;
}

/* ---- scoring ------------------------------------------------------------- */

/* Reads the given paths and scores them as one document. */
static int score_document(precis_rouge *rouge, char **ref_paths, size_t nrefs,
                          const char *sys_path, precis_rouge_scores *sc)
{
    char **texts = cli_xmalloc(nrefs * sizeof(char *));
    size_t *lens = cli_xmalloc(nrefs * sizeof(size_t));
    char *sys_text = NULL;
    size_t sys_len = 0, i, got = 0;
    int rc = -1, err;

    for (got = 0; got < nrefs; got++)
        if (cli_read_file(ref_paths[got], 0, &texts[got], &lens[got]) != 0)
            goto done;
    if (sys_path && cli_read_file(sys_path, 0, &sys_text, &sys_len) != 0)
        goto done;
    err = precis_rouge_add(rouge, (const char *const *)texts, lens, nrefs,
                           sys_text, sys_len, sc);
    if (err != PRECIS_OK)
        cli_lib_error(sys_path ? sys_path : ref_paths[0], err);
    else
        rc = 0;
done:
    for (i = 0; i < got; i++)
        free(texts[i]);
    free(texts);
    free(lens);
    free(sys_text);
    return rc;
}

/* The reference files of REF's entry `name`, or none. */
static void reference_files(const char *ref, const char *name,
                            name_list *files)
{
    int type = file_type(ref, name);

    if (type == ENTRY_FOLDER) {
        char *dir = join_path(ref, name);
        name_list inner = {0};
        size_t i;

        if (list_folder(dir, &inner) == 0)
            for (i = 0; i < inner.count; i++)
                if (file_type(dir, inner.names[i]) == ENTRY_FILE) {
                    char *path = join_path(dir, inner.names[i]);
                    names_push(files, path);
                    free(path);
                }
        names_free(&inner);
        free(dir);
    } else if (type == ENTRY_FILE && has_txt_suffix(name)) {
        char *path = join_path(ref, name);
        names_push(files, path);
        free(path);
    }
}

static const char *const measure_names[3] = {"ROUGE-1", "ROUGE-2", "ROUGE-L"};
static const char *const short_names[3] = {"R1", "R2", "RL"};

static void print_scores(const precis_rouge_scores *sc)
{
    int m;

    for (m = 0; m < 3; m++)
        printf("\t%.5f\t%.5f\t%.5f", sc->recall[m], sc->precision[m],
               sc->f[m]);
    putchar('\n');
}

static void print_summary(const precis_rouge *rouge, const rouge_args *a,
                          size_t references, size_t missing)
{
    precis_rouge_scores avg;
    const double *rows[3];
    const char *labels[2] = {"recall", "precision"};
    int m, k;

    precis_rouge_average(rouge, &avg);
    for (m = 0; m < 3; m++)
        printf("%s Average_R: %.5f Average_P: %.5f Average_F: %.5f\n",
               measure_names[m], avg.recall[m], avg.precision[m], avg.f[m]);
    printf("documents %zu, references %zu, missing system files %zu, "
           "options:",
           precis_rouge_documents(rouge), references, missing);
    if (!(a->flags & PRECIS_ROUGE_STEM) && !(a->flags & PRECIS_ROUGE_STOPWORDS)
        && !a->words && a->alpha == 0.5)
        printf(" (none)");
    if (a->flags & PRECIS_ROUGE_STEM)
        printf(" -m");
    if (a->flags & PRECIS_ROUGE_STOPWORDS)
        printf(" -s");
    if (a->words)
        printf(" -l %zu", a->words);
    if (a->alpha != 0.5)
        printf(" --alpha %g", a->alpha);
    printf("; average: plain mean\n");
    rows[0] = avg.recall;
    rows[1] = avg.precision;
    rows[2] = avg.f;
    for (k = 0; k < 3; k++) {
        if (k < 2)
            printf("%s ", labels[k]);
        for (m = 0; m < 3; m++)
            printf("%s%s %.2f", m ? " " : "", short_names[m],
                   100 * rows[k][m]);
        putchar('\n');
    }
}

/* Loads DATA/RELATIVE through `add`; prints the error and returns -1. */
static int load_data(precis_rouge *rouge, const char *data,
                     const char *relative,
                     int (*add)(precis_rouge *, const char *, size_t))
{
    char *path = join_path(data, relative), *text;
    size_t len;
    int err;

    if (cli_read_file(path, 0, &text, &len) != 0) {
        free(path);
        return -1;
    }
    err = add(rouge, text, len);
    if (err != PRECIS_OK)
        cli_lib_error(path, err);
    free(text);
    free(path);
    return err == PRECIS_OK ? 0 : -1;
}

static int load_all_data(precis_rouge *rouge, const rouge_args *a)
{
    static const char *const lists[] = {
        "WordNet-2.0-Exceptions/adj.exc", "WordNet-2.0-Exceptions/adv.exc",
        "WordNet-2.0-Exceptions/noun.exc", "WordNet-2.0-Exceptions/verb.exc"};
    size_t i;

    if (!a->data)
        return 0;
    if (a->flags & PRECIS_ROUGE_STEM)
        for (i = 0; i < sizeof lists / sizeof lists[0]; i++)
            if (load_data(rouge, a->data, lists[i],
                          precis_rouge_add_exceptions) != 0)
                return -1;
    if ((a->flags & PRECIS_ROUGE_STOPWORDS) &&
        load_data(rouge, a->data, "smart_common_words.txt",
                  precis_rouge_add_stopwords) != 0)
        return -1;
    return 0;
}

static int run_rouge(const rouge_args *a)
{
    precis_rouge *rouge = NULL;
    name_list entries = {0}, keys = {0};
    size_t i, references = 0, missing = 0, failed = 0, extra;
    int err;

    err = precis_rouge_new(a->flags, a->words, a->alpha, &rouge);
    if (err != PRECIS_OK) {
        cli_lib_error("eval rouge", err);
        return CLI_EXIT_FAILED;
    }
    if (load_all_data(rouge, a) != 0 || list_folder(a->ref, &entries) != 0) {
        precis_rouge_free(rouge);
        return CLI_EXIT_FAILED;
    }
    if (a->per_doc)
        printf("doc\trefs\tR1_R\tR1_P\tR1_F\tR2_R\tR2_P\tR2_F\tRL_R\tRL_P"
               "\tRL_F\n");
    for (i = 0; i < entries.count; i++) {
        name_list files = {0};
        precis_rouge_scores sc;
        char *key = entries.names[i], *sys_path;

        reference_files(a->ref, key, &files);
        if (files.count == 0) {
            names_free(&files);
            continue;
        }
        if (has_txt_suffix(key) && file_type(a->ref, key) == ENTRY_FILE)
            key[strlen(key) - 4] = '\0';
        names_push(&keys, key);
        sys_path = system_path(a->sys, key);
        if (!sys_path) {
            missing++;
            if (a->strict) {
                fprintf(stderr, "precis eval: no system summary for %s\n",
                        key);
                failed++;
            }
        }
        if (!(a->strict && !sys_path)) {
            if (score_document(rouge, files.names, files.count, sys_path,
                               &sc) != 0) {
                failed++;
            } else {
                references += files.count;
                if (a->per_doc) {
                    printf("%s\t%zu", key, files.count);
                    print_scores(&sc);
                }
            }
        }
        free(sys_path);
        names_free(&files);
    }
    qsort(keys.names, keys.count, sizeof(char *), compare_names);
    extra = count_unpaired(a->sys, &keys);
    if (keys.count == 0) {
        fprintf(stderr, "precis eval: no references found in %s\n", a->ref);
        failed++;
    } else {
        if (missing)
            fprintf(stderr,
                    "precis eval: %zu of %zu documents have no system "
                    "summary (scored 0)\n",
                    missing, keys.count);
        if (extra)
            fprintf(stderr,
                    "precis eval: %zu system files have no reference "
                    "(ignored)\n",
                    extra);
        print_summary(rouge, a, references, missing);
    }
    names_free(&entries);
    names_free(&keys);
    precis_rouge_free(rouge);
    return cli_finish_stdout(failed ? CLI_EXIT_FAILED : CLI_EXIT_OK);
}

static int parse_alpha(const char *value, double *out)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(value, &end);
    if (end == value || *end != '\0' || errno == ERANGE || !(v >= 0.0 && v <= 1.0))
        return cli_usage("eval rouge", "--alpha: not a number from 0 to 1: '%s'",
                         value);
    *out = v;
    return 0;
}

static int cmd_eval_rouge(int argc, char **argv)
{
    rouge_args a;
    int c;

    memset(&a, 0, sizeof a);
    a.alpha = 0.5;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":msl:h", long_options, NULL)) != -1) {
        switch (c) {
        case OPT_REF: a.ref = optarg; break;
        case OPT_SYS: a.sys = optarg; break;
        case 'm': a.flags |= PRECIS_ROUGE_STEM; break;
        case 's': a.flags |= PRECIS_ROUGE_STOPWORDS; break;
        case 'l':
            if (cli_parse_count("eval rouge", "-l", optarg, &a.words))
                return CLI_EXIT_USAGE;
            break;
        case OPT_ALPHA:
            if (parse_alpha(optarg, &a.alpha))
                return CLI_EXIT_USAGE;
            break;
        case OPT_DATA: a.data = optarg; break;
        case OPT_PER_DOC: a.per_doc = 1; break;
        case OPT_STRICT: a.strict = 1; break;
        case 'h':
            fputs(help_text, stdout);
            return cli_finish_stdout(CLI_EXIT_OK);
        default:
            return cli_bad_option("eval rouge", c, argv);
        }
    }
    if (optind < argc)
        return cli_usage("eval rouge", "unexpected argument '%s'",
                         argv[optind]);
    if (!a.ref || !a.sys)
        return cli_usage("eval rouge", "both --ref DIR and --sys DIR are needed");
    if ((a.flags & PRECIS_ROUGE_STOPWORDS) && !a.data)
        return cli_usage("eval rouge",
                         "-s needs --data DIR with smart_common_words.txt");
    return run_rouge(&a);
}

int cmd_eval(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage("eval", "which measure? (rouge)");
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        fputs(eval_help_text, stdout);
        return cli_finish_stdout(CLI_EXIT_OK);
    }
    if (strcmp(argv[1], "rouge") == 0)
        return cmd_eval_rouge(argc - 1, argv + 1);
    return cli_usage("eval", "unknown measure '%s' (rouge)", argv[1]);
}
