/* CCurl: libcurl for the DockerEngine module only, loaded on first use with dlopen.

   Linking libcurl pulled about 30 more shared libraries (TLS, Kerberos, LDAP, SSH, ...) into
   every start of cnm-adapter, and the binary starts once per CNI plugin exec of the bundled
   plugins: the dynamic loader took ~10 of its ~15 ms. Only the background reconcile needs
   libcurl, so it is opened there, once. curl/curl.h still gives the types and constants.

   curl_easy_setopt is variadic, which Swift cannot call, so it is wrapped once per argument
   type. The state lives in function-local statics: this header is imported by one Swift module
   with one source file, so there is one copy. ccurl_load() must be called once before anything else
   (DockerEngine calls it from its curl_global_init once-initializer). */
#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H
#include <curl/curl.h>
#include <dlfcn.h>
#include <stddef.h>

struct ccurl_api {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
};
/* Function-local statics: Swift's importer emits a header's inline functions it uses, with
   their statics, but not file-scope variables. */
static inline struct ccurl_api *ccurl_state(void) { static struct ccurl_api api; return &api; }
static inline const char **ccurl_error_slot(void) { static const char *error = "libcurl not loaded yet"; return &error; }

/* Opens libcurl and resolves every function; 0 on success, else -1 with ccurl_error() set. */
static inline int ccurl_load(void) {
    void *lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) { *ccurl_error_slot() = dlerror(); return -1; }
    struct ccurl_api api;
    *(void **)&api.global_init = dlsym(lib, "curl_global_init");
    *(void **)&api.easy_init = dlsym(lib, "curl_easy_init");
    *(void **)&api.easy_cleanup = dlsym(lib, "curl_easy_cleanup");
    *(void **)&api.easy_setopt = dlsym(lib, "curl_easy_setopt");
    *(void **)&api.easy_perform = dlsym(lib, "curl_easy_perform");
    *(void **)&api.easy_strerror = dlsym(lib, "curl_easy_strerror");
    *(void **)&api.easy_getinfo = dlsym(lib, "curl_easy_getinfo");
    if (!api.global_init || !api.easy_init || !api.easy_cleanup || !api.easy_setopt || !api.easy_perform
        || !api.easy_strerror || !api.easy_getinfo) {
        *ccurl_error_slot() = "libcurl.so.4 lacks a curl_easy_* function";
        return -1;
    }
    if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) { *ccurl_error_slot() = "curl_global_init failed"; return -1; }
    *ccurl_state() = api;
    *ccurl_error_slot() = NULL;
    return 0;
}
/* Why ccurl_load failed, or NULL once it succeeded. */
static inline const char *ccurl_error(void) { return *ccurl_error_slot(); }

static inline CURL *ccurl_easy_init(void) { return ccurl_state()->easy_init(); }
static inline void ccurl_easy_cleanup(CURL *h) { ccurl_state()->easy_cleanup(h); }
static inline CURLcode ccurl_easy_perform(CURL *h) { return ccurl_state()->easy_perform(h); }
static inline const char *ccurl_easy_strerror(CURLcode c) { return ccurl_state()->easy_strerror(c); }
static inline CURLcode ccurl_setopt_string(CURL *h, CURLoption o, const char *v) { return ccurl_state()->easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_long(CURL *h, CURLoption o, long v) { return ccurl_state()->easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_ptr(CURL *h, CURLoption o, void *v) { return ccurl_state()->easy_setopt(h, o, v); }
static inline CURLcode ccurl_getinfo_long(CURL *h, CURLINFO i, long *v) { return ccurl_state()->easy_getinfo(h, i, v); }
#endif
