// CICU: a thin C shim over the system's libicu.
//
// Why a shim: Foundation on Linux carries its own copy of ICU's headers, so importing
// <unicode/...> into Swift beside Foundation fails (UErrorCode defined twice). This header
// therefore speaks only int32_t, uint16_t, uint8_t and opaque pointers; the ICU headers are
// included in cicu.c only. Status values are ICU's UErrorCode numbers (<= 0 means success).
#ifndef CICU_H
#define CICU_H

#include <stdint.h>
#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/// Asks the CPU to start loading the cache line at `address` (a hint: no fault, no effect on
/// results). Why here: Swift has no prefetch of its own, and hash-table walks that hop across
/// tens of megabytes spend most of their time waiting for memory.
static inline void cicu_prefetch(const void *address) { __builtin_prefetch(address, 1, 3); }

/// Fixes glibc's mmap threshold at `bytes` (glibc only; elsewhere nothing): buffers that large are
/// mapped and returned to the system when freed. Returns 1 when set.
static inline int cicu_fix_mmap_threshold(int bytes) {
#if defined(__GLIBC__)
    return mallopt(M_MMAP_THRESHOLD, bytes);
#else
    (void)bytes;
    return 0;
#endif
}

/// Writes ICU's version ("72.1") into `out` (NUL-terminated, at most `cap` bytes).
void cicu_version(char *out, int32_t cap);

/// The name of an ICU status code, for error messages.
const char *cicu_error_name(int32_t status);

// MARK: Word break

/// Opens a word break iterator for `locale` (e.g. "zh"). Returns NULL and sets *status on failure.
void *cicu_wordbreak_open(const char *locale, int32_t *status);

/// Segments `text` (UTF-16, `length` units) in one call: writes each segment's end offset and
/// ICU rule status (0-99 none, 100-199 number, 200-299 letter, 300-399 kana, 400-499 ideo)
/// into `ends`/`statuses`, at most `capacity` entries, and returns how many were written.
/// The iterator keeps no pointer to `text` after it returns, so the caller need not pin it longer.
int32_t cicu_wordbreak_segments(void *iterator, const uint16_t *text, int32_t length,
                                int32_t *ends, int32_t *statuses, int32_t capacity,
                                int32_t *status);

/// Closes an iterator opened by cicu_wordbreak_open.
void cicu_wordbreak_close(void *iterator);

/// Copies ICU's Chinese/Japanese break dictionary (brkitr/cjdict, the words and costs its word
/// break uses for Han text): returns a handle and sets *words and *units (UTF-16 units of all
/// words), or NULL with *status set. Read it with cicu_cjdict_read, then cicu_cjdict_close.
void *cicu_cjdict_open(int32_t *words, int32_t *units, int32_t *status);

/// Writes the words back to back into `units`, each word's end offset into `wordEnds` and its
/// cost into `costs` (buffers sized by cicu_cjdict_open's counts).
void cicu_cjdict_read(void *dictionary, uint16_t *units, int32_t *wordEnds, int32_t *costs);

/// Frees a handle of cicu_cjdict_open.
void cicu_cjdict_close(void *dictionary);

/// Writes, for each code point below `count`, bit 0 when ICU's Chinese/Japanese dictionary break
/// handles it ([[:Han:][:Hiragana:][:Katakana:]ー ｰ ﾞ ﾟ]) and bit 1 when word break rules join it
/// to its neighbours (Word_Break Extend, Format, ZWJ, ExtendNumLet; Line_Break SA; surrogates).
/// Returns `count`, or 0 with *status set.
int32_t cicu_wordbreak_classes(uint8_t *classes, int32_t count, int32_t *status);

// MARK: Normalisation and transliteration

/// NFKC-normalises `src` into `dst`; returns the length needed (may exceed `capacity`).
int32_t cicu_nfkc(const uint16_t *src, int32_t length, uint16_t *dst, int32_t capacity,
                  int32_t *status);

/// 1 when the code point is NFKC-inert (never changes and never combines with neighbours).
int32_t cicu_nfkc_is_inert(uint32_t codePoint);

/// Opens a transliterator by ICU id (e.g. "Traditional-Simplified"). NULL on failure.
void *cicu_translit_open(const char *identifier, int32_t *status);

/// Transliterates `buffer` in place (`length` units, room for `capacity`); returns the new length.
int32_t cicu_translit_apply(void *transliterator, uint16_t *buffer, int32_t length,
                            int32_t capacity, int32_t *status);

/// Writes the transliterator's rules (ICU rule syntax, one rule a line) into `dst` (room for
/// `capacity` units); returns the length needed (may exceed `capacity`).
int32_t cicu_translit_rules(void *transliterator, uint16_t *dst, int32_t capacity, int32_t *status);

/// Closes a transliterator.
void cicu_translit_close(void *transliterator);

/// Simple lower-case mapping of one code point (Unicode's, via ICU).
uint32_t cicu_tolower(uint32_t codePoint);

// MARK: Charsets

/// Detects the charset of `data`: writes up to `maxResults` candidate names (each at most
/// `nameStride` bytes, NUL-terminated) into `names` and their confidence (0-100) into
/// `confidences`, best first. Returns the number of candidates.
int32_t cicu_detect_charsets(const uint8_t *data, int32_t length, char *names,
                             int32_t nameStride, int32_t *confidences, int32_t maxResults,
                             int32_t *status);

/// Decodes `src` from `charset` into UTF-16 `dst` (room for `capacity` units; `length` + 16 is
/// always enough). Every byte sequence the charset does not explain becomes one U+FFFD; their
/// number goes to *badCount and the byte offset of the first to *firstBadOffset (-1 if none).
/// Returns the number of UTF-16 units written.
int32_t cicu_decode(const char *charset, const uint8_t *src, int32_t length, uint16_t *dst,
                    int32_t capacity, int32_t *badCount, int32_t *firstBadOffset,
                    int32_t *status);

/// Encodes UTF-16 `src` into `charset` (for tests and tools); returns the bytes needed.
int32_t cicu_encode(const char *charset, const uint16_t *src, int32_t length, uint8_t *dst,
                    int32_t capacity, int32_t *status);

#ifdef __cplusplus
}
#endif

#endif
