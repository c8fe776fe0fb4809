/* options.c: parsing and checking option values, usage errors, and the
 * language set-up every document command shares. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "precis %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'precis %s --help'\n", cmd);
    return CLI_EXIT_USAGE;
}

int cli_bad_option(const char *cmd, int c, char **argv)
{
    /* getopt_long leaves the offending argument just before optind. */
    const char *arg = optind > 0 ? argv[optind - 1] : "?";

    if (c == ':')
        return cli_usage(cmd, "option '%s' needs a value", arg);
    if (optopt && strncmp(arg, "--", 2) != 0)
        return cli_usage(cmd, "unknown option '-%c'", optopt);
    return cli_usage(cmd, "unknown option '%s'", arg);
}

int cli_parse_count(const char *cmd, const char *opt, const char *value,
                    size_t *out)
{
    char *end;
    unsigned long long n;

    /* strtoull accepts a sign and leading blanks; a count takes digits. */
    if (value[0] < '0' || value[0] > '9')
        return cli_usage(cmd, "%s: not a positive whole number: '%s'", opt,
                         value);
    errno = 0;
    n = strtoull(value, &end, 10);
    if (*end != '\0')
        return cli_usage(cmd, "%s: not a positive whole number: '%s'", opt,
                         value);
    if (errno == ERANGE || n > (unsigned long long)((size_t)-1))
        return cli_usage(cmd, "%s: too large: '%s'", opt, value);
    if (n == 0)
        return cli_usage(cmd, "%s: must be at least 1: '%s'", opt, value);
    *out = (size_t)n;
    return 0;
}

int cli_parse_ratio(const char *cmd, const char *opt, const char *value,
                    double *out)
{
    char *end;
    double r;

    errno = 0;
    r = strtod(value, &end);
    if (end == value || *end != '\0' || errno == ERANGE)
        return cli_usage(cmd, "%s: not a number: '%s'", opt, value);
    /* Written this way round so NaN is rejected too. */
    if (!(r > 0.0 && r <= 1.0))
        return cli_usage(cmd, "%s: must be above 0 and at most 1: '%s'",
                         opt, value);
    *out = r;
    return 0;
}

int cli_parse_jobs(const char *cmd, const char *value, unsigned *out)
{
    size_t n = 0;
    int rc = cli_parse_count(cmd, "--jobs", value, &n);

    if (rc)
        return rc;
    /* More threads than this only adds contention. */
    if (n > 1024)
        return cli_usage(cmd, "--jobs: at most 1024: '%s'", value);
    *out = (unsigned)n;
    return 0;
}

int cli_parse_format(const char *cmd, const char *value, cli_format *out)
{
    if (strcmp(value, "text") == 0)
        *out = CLI_FORMAT_TEXT;
    else if (strcmp(value, "json") == 0)
        *out = CLI_FORMAT_JSON;
    else if (strcmp(value, "jsonl") == 0)
        *out = CLI_FORMAT_JSONL;
    else
        return cli_usage(cmd,
                         "--format: unknown format '%s' (text, json, jsonl)",
                         value);
    return 0;
}

void cli_common_init(cli_common *common)
{
    memset(common, 0, sizeof *common);
    common->lang = "english";
    common->format = CLI_FORMAT_TEXT;
}

static void list_languages(void)
{
    const char **names = precis_lang_list();
    size_t i;

    fputs("known languages:", stderr);
    for (i = 0; names && names[i]; i++)
        fprintf(stderr, " %s", names[i]);
    fputc('\n', stderr);
}

int cli_lang_open(const char *cmd, const cli_common *common,
                  precis_lang **lang, precis_analyzer **analyzer)
{
    char *words = NULL;
    size_t words_len = 0;
    int err;

    *lang = NULL;
    if (analyzer)
        *analyzer = NULL;
    if (common->stopwords &&
        cli_read_text(common->stopwords, &words, &words_len) != 0)
        return CLI_EXIT_FAILED;
    err = precis_lang_new(common->lang, words, words_len, lang);
    free(words);
    if (err == PRECIS_ELANG) {
        cli_usage(cmd, "--lang: unknown language '%s'", common->lang);
        list_languages();
        return CLI_EXIT_USAGE;
    }
    if (err == PRECIS_EUTF8) {
        fprintf(stderr, "%s: stopword list is not valid UTF-8\n",
                common->stopwords);
        return CLI_EXIT_FAILED;
    }
    if (err != PRECIS_OK) {
        cli_lib_error(common->stopwords ? common->stopwords : "precis", err);
        return CLI_EXIT_FAILED;
    }
    err = analyzer ? precis_analyzer_new(*lang, analyzer) : PRECIS_OK;
    if (err != PRECIS_OK) {
        precis_lang_free(*lang);
        *lang = NULL;
        cli_lib_error("precis", err);
        return CLI_EXIT_FAILED;
    }
    return 0;
}

int cli_common_option(const char *cmd, const char *help, cli_common *common,
                      int c, char **argv)
{
    switch (c) {
    case 'l': common->lang = optarg; return 0;
    case 'f': return cli_parse_format(cmd, optarg, &common->format);
    case CLI_OPT_STOPWORDS: common->stopwords = optarg; return 0;
    case CLI_OPT_REPAIR: common->repair = 1; return 0;
    case 'q': common->quiet = 1; return 0;
    case 'h': fputs(help, stdout); return -1;
    case CLI_OPT_VERSION: printf("precis %s\n", precis_version()); return -1;
    default: return cli_bad_option(cmd, c, argv);
    }
}
