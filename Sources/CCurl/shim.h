/* CCurl: libcurl for the DockerEngine module only. curl_easy_setopt is variadic,
   which Swift cannot call, so it is wrapped once per argument type. */
#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H
#include <curl/curl.h>
static inline CURLcode ccurl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_ptr(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
#endif
