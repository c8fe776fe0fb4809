/* speaker.c: lexicons of speech verbs and roles, per-document entities and
 * the cross-document speaker set. The lexicons are parsed once per process
 * into fixed tables that point into the embedded lists (no allocation, so
 * nothing can fail after start-up). */
#include "speaker.h"

#include <pthread.h>
#include <string.h>

#include "alloc.h"
#include "utf8.h"

const char *px_lexicon_builtin(const char *name, size_t *len);

/* ------------------------------------------------------------------------
 * Lexicons
 * ------------------------------------------------------------------------ */

/* Room for the lists as shipped with a wide margin; entries beyond it are
 * ignored (the lists are ours, so this is a build-time bound). */
#define LEX_MAX 1024
#define LEX_SLOTS 4096 /* power of two, at most a quarter full */

typedef struct lex_entry {
    const char *s;
    size_t len;
    unsigned tags;
} lex_entry;

typedef struct lex_table {
    lex_entry entries[LEX_MAX];
    size_t count;
    int slots[LEX_SLOTS]; /* entry index + 1; 0 is empty */
} lex_table;

static lex_table verbs_table, roles_table;
static pthread_once_t lex_once = PTHREAD_ONCE_INIT;

static void lex_insert(lex_table *t, const char *s, size_t len, unsigned tags)
{
    if (len == 0 || t->count == LEX_MAX)
        return;
    size_t h = (size_t)px_hash(s, len) & (LEX_SLOTS - 1);
    while (t->slots[h]) {
        lex_entry *e = &t->entries[t->slots[h] - 1];
        if (e->len == len && memcmp(e->s, s, len) == 0)
            return;
        h = (h + 1) & (LEX_SLOTS - 1);
    }
    t->entries[t->count] = (lex_entry){s, len, tags};
    t->slots[h] = (int)++t->count;
}

static int lex_find(const lex_table *t, const char *s, size_t len)
{
    size_t h = (size_t)px_hash(s, len) & (LEX_SLOTS - 1);
    while (t->slots[h]) {
        const lex_entry *e = &t->entries[t->slots[h] - 1];
        if (e->len == len && memcmp(e->s, s, len) == 0)
            return t->slots[h] - 1;
        h = (h + 1) & (LEX_SLOTS - 1);
    }
    return -1;
}

static unsigned parse_tags(const char *s, size_t len)
{
    static const struct { const char *name; unsigned tag; } names[] = {
        {"head", PX_ROLE_HEAD}, {"title", PX_ROLE_TITLE},
        {"male", PX_ROLE_MALE}, {"female", PX_ROLE_FEMALE},
        {"group", PX_ROLE_GROUP}, {"generic", PX_ROLE_GENERIC},
        {"document", PX_ROLE_DOC},
    };
    unsigned tags = 0;
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && s[j] != ',')
            j++;
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
            if (strlen(names[k].name) == j - i &&
                memcmp(names[k].name, s + i, j - i) == 0)
                tags |= names[k].tag;
        i = j + 1;
    }
    return tags;
}

/* Lines: "phrase" or "phrase<TAB>tags"; '#' comments; blank lines. */
static void lex_load(lex_table *t, const char *name)
{
    size_t len = 0;
    const char *s = px_lexicon_builtin(name, &len);
    if (!s)
        return;
    size_t i = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && s[e] != '\n')
            e++;
        size_t tab = i;
        while (tab < e && s[tab] != '\t')
            tab++;
        size_t we = tab;
        while (we > i && (s[we - 1] == ' ' || s[we - 1] == '\r'))
            we--;
        if (we > i && s[i] != '#') {
            size_t te = e;
            if (te > tab && s[te - 1] == '\r')
                te--;
            unsigned tags =
                tab < e ? parse_tags(s + tab + 1, te - tab - 1) : 0;
            lex_insert(t, s + i, we - i, tags);
        }
        i = e + 1;
    }
}

static void lex_init(void)
{
    lex_load(&verbs_table, "speech_verbs");
    lex_load(&roles_table, "roles");
}

int px_lex_is_speech_verb(const char *folded, size_t len)
{
    pthread_once(&lex_once, lex_init);
    return lex_find(&verbs_table, folded, len) >= 0;
}

int px_lex_role(const char *folded, size_t len, unsigned *tags)
{
    pthread_once(&lex_once, lex_init);
    int i = lex_find(&roles_table, folded, len);
    if (i >= 0 && tags)
        *tags = roles_table.entries[i].tags;
    return i;
}

void px_lex_each(int roles,
                 void (*cb)(const char *s, size_t len, int index,
                            unsigned tags, void *ctx),
                 void *ctx)
{
    pthread_once(&lex_once, lex_init);
    const lex_table *t = roles ? &roles_table : &verbs_table;
    for (size_t i = 0; i < t->count; i++)
        cb(t->entries[i].s, t->entries[i].len, (int)i, t->entries[i].tags,
           ctx);
}

/* ------------------------------------------------------------------------
 * Folding
 * ------------------------------------------------------------------------ */

size_t px_fold(const char *s, size_t len, char *out, size_t cap)
{
    size_t o = 0, i = 0;
    /* Most words of English news are ASCII: such bytes fold one for one,
     * straight, while the room (and the NUL) cannot run out; the loop
     * below takes the rest. */
    while (i < len && i + 2 <= cap && (unsigned char)s[i] < 0x80) {
        char c = s[i];
        out[i++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    o = i;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) { /* ASCII: most words of English news */
            if (o + 2 > cap)
                return 0;
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        uint32_t cp;
        i += px_utf8_decode(s + i, len - i, &cp);
        if (cp == 0x2019 || cp == 0x2018)
            cp = '\'';
        cp = px_unicode_fold(cp);
        char buf[4];
        size_t n = px_utf8_encode(cp, buf);
        if (o + n + 1 > cap)
            return 0;
        memcpy(out + o, buf, n);
        o += n;
    }
    if (cap)
        out[o] = '\0';
    return o;
}

/* ------------------------------------------------------------------------
 * Entities of one document
 * ------------------------------------------------------------------------ */

int px_entities_init(px_entities *e)
{
    memset(e, 0, sizeof *e);
    if (px_strmap_new(&e->keys) != 0)
        return PRECIS_ENOMEM;
    if (px_strmap_new(&e->lasts) != 0) {
        px_strmap_free(e->keys);
        e->keys = NULL;
        return PRECIS_ENOMEM;
    }
    return 0;
}

void px_entities_clear(px_entities *e)
{
    px_free(e->items);
    px_strmap_free(e->keys);
    px_strmap_free(e->lasts);
    px_free(e->last_first);
    memset(e, 0, sizeof *e);
}

/* Canonical names longer than this many words are run-ons of several
 * names ("Russian President Vladimir Putin Armenian ..."): never chosen. */
#define NAME_MAX_WORDS 4

int px_entities_add(px_entities *e, const char *key, size_t key_len,
                    const char *last, size_t last_len, const char *name,
                    size_t name_len, size_t name_words, uint32_t *id)
{
    int added = 0;
    uint32_t k;
    /* Grow first, so that a key is never interned without its entity;
     * the call only when the array is full, as it seldom is. */
    if (e->count == e->cap) {
        void *items = e->items;
        if (px_grow(&items, &e->cap, e->count + 1, sizeof *e->items) != 0)
            return PRECIS_ENOMEM;
        e->items = items;
    }
    uint32_t lid;
    int last_added = 0;
    if (px_strmap_intern(e->lasts, last, last_len, &lid, &last_added) != 0)
        return PRECIS_ENOMEM;
    if (last_added) {
        void *p = e->last_first;
        if (px_grow(&p, &e->lasts_cap, (size_t)lid + 1,
                    sizeof *e->last_first) != 0)
            return PRECIS_ENOMEM; /* an unused word: harmless */
        e->last_first = p;
        e->last_first[lid] = UINT32_MAX;
    }
    if (px_strmap_intern(e->keys, key, key_len, &k, &added) != 0)
        return PRECIS_ENOMEM;
    if (added) {
        memset(&e->items[e->count], 0, sizeof *e->items);
        e->items[e->count].last = lid;
        e->count++;
        if (e->last_first[lid] == UINT32_MAX)
            e->last_first[lid] = k;
    }
    px_entity *x = &e->items[k];
    /* The first full name wins over later longer ones: "Donald Trump"
     * stays even when "Donald J. Trump" turns up. */
    if (name_words <= NAME_MAX_WORDS &&
        (!x->name || (x->name_words < 2 && name_words > x->name_words))) {
        x->name = name;
        x->name_len = name_len;
        x->name_words = name_words;
    }
    *id = k;
    return 0;
}

long px_entities_find(const px_entities *e, const char *key, size_t len)
{
    uint32_t id;
    if (!px_strmap_find(e->keys, key, len, &id) || id >= e->count)
        return -1;
    return (long)id;
}

long px_entities_find_last(const px_entities *e, const char *last,
                           size_t len, uint32_t *last_id)
{
    uint32_t lid;
    if (last_id)
        *last_id = UINT32_MAX;
    if (!px_strmap_find(e->lasts, last, len, &lid))
        return -1;
    if (last_id)
        *last_id = lid;
    if (lid >= e->lasts_cap || e->last_first[lid] == UINT32_MAX)
        return -1;
    return (long)e->last_first[lid];
}

/* ------------------------------------------------------------------------
 * The speaker set
 * ------------------------------------------------------------------------ */

struct precis_speakers {
    px_strmap *aliases; /* folded alias -> alias id */
    uint32_t *alias_to; /* alias id -> speaker */
    size_t alias_cap;
    char **names;       /* OWNED: canonical names */
    size_t count;
    size_t cap;
};

int precis_speakers_new(precis_speakers **out)
{
    if (!out)
        return PRECIS_EINVAL;
    *out = NULL;
    precis_speakers *s = px_calloc(1, sizeof *s);
    if (!s)
        return PRECIS_ENOMEM;
    if (px_strmap_new(&s->aliases) != 0) {
        px_free(s);
        return PRECIS_ENOMEM;
    }
    *out = s;
    return PRECIS_OK;
}

void precis_speakers_free(precis_speakers *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->count; i++)
        px_free(set->names[i]);
    px_free(set->names);
    px_free(set->alias_to);
    px_strmap_free(set->aliases);
    px_free(set);
}

size_t precis_speakers_count(const precis_speakers *set)
{
    return set ? set->count : 0;
}

const char *precis_speakers_name(const precis_speakers *set, size_t i)
{
    return set && i < set->count ? set->names[i] : NULL;
}

/* Case-folded copy of a name with runs of white space made one space;
 * names longer than the buffer are not aliases. */
#define ALIAS_MAX 256

static size_t fold_name_any(const char *s, size_t len, char *out)
{
    char tmp[ALIAS_MAX];
    size_t o = 0;
    int space = 1;
    for (size_t i = 0; i < len && o + 1 < sizeof tmp; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!space)
                tmp[o++] = ' ';
            space = 1;
        } else {
            tmp[o++] = c;
            space = 0;
        }
    }
    while (o > 0 && tmp[o - 1] == ' ')
        o--;
    return o ? px_fold(tmp, o, out, ALIAS_MAX) : 0;
}

/* The same, in one pass for a name of ASCII bytes (nearly every name):
 * each is folded as it is copied. */
static size_t fold_name(const char *s, size_t len, char *out)
{
    size_t o = 0;
    int space = 1;
    for (size_t i = 0; i < len && o + 1 < ALIAS_MAX; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80)
            return fold_name_any(s, len, out);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!space)
                out[o++] = ' ';
            space = 1;
        } else {
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            space = 0;
        }
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    if (o)
        out[o] = '\0';
    return o;
}

static long find_alias(const precis_speakers *set, const char *folded,
                       size_t len)
{
    uint32_t id;
    if (!px_strmap_find(set->aliases, folded, len, &id))
        return -1;
    return (long)set->alias_to[id];
}

/* Maps alias -> speaker; an existing alias is only moved when `force`. */
static int set_alias(precis_speakers *set, const char *folded, size_t len,
                     uint32_t speaker, int force)
{
    uint32_t id;
    int added = 0;
    if (px_strmap_intern(set->aliases, folded, len, &id, &added) != 0)
        return PRECIS_ENOMEM;
    if (added) {
        void *p = set->alias_to;
        if (px_grow(&p, &set->alias_cap, (size_t)id + 1,
                    sizeof *set->alias_to) != 0)
            return PRECIS_ENOMEM;
        set->alias_to = p;
        set->alias_to[id] = speaker;
    } else if (force) {
        set->alias_to[id] = speaker;
    }
    return 0;
}

static int add_speaker(precis_speakers *set, const char *name, size_t len,
                       uint32_t *id)
{
    void *p = set->names;
    if (px_grow(&p, &set->cap, set->count + 1, sizeof *set->names) != 0)
        return PRECIS_ENOMEM;
    set->names = p;
    char *copy = px_strndup(name, len);
    if (!copy)
        return PRECIS_ENOMEM;
    set->names[set->count] = copy;
    *id = (uint32_t)set->count++;
    return 0;
}

/* The last word of a folded name. */
static const char *last_word(const char *s, size_t len, size_t *wlen)
{
    size_t i = len;
    while (i > 0 && s[i - 1] != ' ')
        i--;
    *wlen = len - i;
    return s + i;
}

static size_t count_words(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
            n++;
    return n;
}

const char *precis_speakers_lookup(const precis_speakers *set,
                                   const char *name, size_t len)
{
    if (!set || !name)
        return NULL;
    char f[ALIAS_MAX];
    size_t n = fold_name(name, len, f);
    if (!n)
        return NULL;
    long id = find_alias(set, f, n);
    return id >= 0 ? set->names[id] : NULL;
}

int px_speakers_resolve(precis_speakers *set, const char *name, size_t len,
                        int learn, const char **canon)
{
    *canon = NULL;
    char f[ALIAS_MAX];
    size_t n = fold_name(name, len, f);
    if (!n)
        return 0;
    long id = find_alias(set, f, n);
    size_t lw;
    const char *last = last_word(f, n, &lw);
    size_t words = count_words(f, n);
    if (id < 0 && words > 1) {
        /* "Vladimir Putin" joins "Putin" or "Vladimir V. Putin", not
         * "Bill Clinton" "Hillary Clinton": the first words must agree. */
        id = find_alias(set, last, lw);
        if (id >= 0) {
            char g[ALIAS_MAX];
            const char *other = set->names[id];
            size_t on = fold_name(other, strlen(other), g);
            size_t fw = 0, gw = 0;
            while (fw < n && f[fw] != ' ')
                fw++;
            while (gw < on && g[gw] != ' ')
                gw++;
            if (count_words(g, on) > 1 &&
                (fw != gw || memcmp(f, g, fw) != 0))
                id = -1;
        }
    }
    if (id >= 0) {
        /* "Putin" known, "Vladimir Putin" now: the fuller name wins.
         * (Only then is the known name's length in words asked.) */
        char g[ALIAS_MAX];
        const char *old = set->names[id];
        if (learn && words > 1 &&
            count_words(g, fold_name(old, strlen(old), g)) < 2) {
            char *copy = px_strndup(name, len);
            if (!copy)
                return PRECIS_ENOMEM;
            px_free(set->names[id]);
            set->names[id] = copy;
        }
        if (learn && set_alias(set, f, n, (uint32_t)id, 0) != 0)
            return PRECIS_ENOMEM;
        *canon = set->names[id];
        return 0;
    }
    if (!learn)
        return 0;
    uint32_t sid;
    if (add_speaker(set, name, len, &sid) != 0 ||
        set_alias(set, f, n, sid, 0) != 0 ||
        (words > 1 && set_alias(set, last, lw, sid, 0) != 0))
        return PRECIS_ENOMEM;
    *canon = set->names[sid];
    return 0;
}

int precis_speakers_add_aliases(precis_speakers *set, const char *tsv,
                                size_t len)
{
    if (!set || (!tsv && len))
        return PRECIS_EINVAL;
    if (px_utf8_validate(tsv, len) != len)
        return PRECIS_EUTF8;
    size_t i = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && tsv[e] != '\n')
            e++;
        size_t le = e;
        if (le > i && tsv[le - 1] == '\r')
            le--;
        size_t ls = i;
        while (ls < le && (tsv[ls] == ' ' || tsv[ls] == '\t'))
            ls++;
        if (ls < le && tsv[ls] != '#') {
            /* First field: the canonical name. */
            size_t f0 = ls, f1 = ls;
            while (f1 < le && tsv[f1] != '\t')
                f1++;
            char f[ALIAS_MAX];
            size_t n = fold_name(tsv + f0, f1 - f0, f);
            if (n) {
                long id = find_alias(set, f, n);
                uint32_t sid;
                if (id >= 0) {
                    sid = (uint32_t)id;
                    char *copy = px_strndup(tsv + f0, f1 - f0);
                    if (!copy)
                        return PRECIS_ENOMEM;
                    px_free(set->names[sid]);
                    set->names[sid] = copy;
                } else if (add_speaker(set, tsv + f0, f1 - f0, &sid) != 0) {
                    return PRECIS_ENOMEM;
                }
                size_t lw;
                const char *last = last_word(f, n, &lw);
                if (set_alias(set, f, n, sid, 1) != 0 ||
                    (count_words(f, n) > 1 &&
                     set_alias(set, last, lw, sid, 0) != 0))
                    return PRECIS_ENOMEM;
                size_t a = f1;
                while (a < le) {
                    size_t b = a + 1;
                    while (b < le && tsv[b] != '\t')
                        b++;
                    size_t an = fold_name(tsv + a + 1, b - a - 1, f);
                    if (an && set_alias(set, f, an, sid, 1) != 0)
                        return PRECIS_ENOMEM;
                    a = b;
                }
            }
        }
        i = e + 1;
    }
    return PRECIS_OK;
}
