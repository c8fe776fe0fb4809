/* main.c: the precis command line: finds the subcommand and runs it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "Usage: precis COMMAND [OPTIONS] PATH...\n"
    "\n"
    "Short extractive summaries of news articles.\n"
    "\n"
    "Commands:\n"
    "  summarize   one summary per document (the key sentences)\n"
    "  clean       what precis sees: title, byline, date, body, and what it\n"
    "              dropped as page furniture, with the reason\n"
    "  sentences   the body sentences of each document, one per line\n"
    "  idf         build, merge and show document-frequency models\n"
    "  quotes      the direct quotes and who said them, by speaker\n"
    "  eval        score summaries against references (eval rouge)\n"
    "  brief       one brief of one article or a set: headline facts, key\n"
    "              sentences, quotes by speaker\n"
    "  help        this text; 'precis help COMMAND' for a command's options\n"
    "\n"
    "PATH is a file, a folder (its *.txt files, recursively, in path order)\n"
    "or '-' for standard input.\n"
    "\n"
    "Options:\n"
    "  -h, --help     show this help\n"
    "      --version  show the version\n"
    "\n"
    "Exit status: 0 all went well, 1 some inputs failed (the others were\n"
    "still processed), 2 the command line was wrong.\n";

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
    {"summarize", cmd_summarize},
    {"clean", cmd_clean},
    {"sentences", cmd_sentences},
    {"idf", cmd_idf},
    {"quotes", cmd_quotes},
    {"eval", cmd_eval},
    {"brief", cmd_brief},
};

static const command *find_command(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static int top_usage_error(const char *fmt, const char *arg)
{
    fputs("precis: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'precis --help'\n", stderr);
    return CLI_EXIT_USAGE;
}

static int help(int argc, char **argv)
{
    const command *cmd;
    char *args[3];

    if (argc < 2) {
        fputs(usage_text, stdout);
        return cli_finish_stdout(CLI_EXIT_OK);
    }
    cmd = find_command(argv[1]);
    if (!cmd)
        return top_usage_error("unknown command '%s'", argv[1]);
    args[0] = argv[1];
    args[1] = "--help";
    args[2] = NULL;
    return cmd->run(2, args);
}

int main(int argc, char **argv)
{
    static char out_buffer[1 << 16];
    const command *cmd;

    /* Standard output is usually a pipe to another program: write it in
     * large blocks and check for errors once, at the end. */
    setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);

    if (argc < 2) {
        fputs(usage_text, stderr);
        return CLI_EXIT_USAGE;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
        return help(1, argv);
    if (strcmp(argv[1], "help") == 0)
        return help(argc - 1, argv + 1);
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("precis %s\n", precis_version());
        return cli_finish_stdout(CLI_EXIT_OK);
    }
    if (argv[1][0] == '-')
        return top_usage_error("unknown option '%s'", argv[1]);
    cmd = find_command(argv[1]);
    if (!cmd)
        return top_usage_error("unknown command '%s'", argv[1]);
    return cmd->run(argc - 1, argv + 1);
}
