/*
 * tls.h - HTTPS for `limber serve --lan` (tls.c, the module limber-tls.so).
 *
 * On the network the page must be a secure context, or a phone's browser
 * gives it no screen wake lock and the screen sleeps mid-hold. So --lan
 * speaks TLS (OpenSSL, under libevent's bufferevent_openssl) with a
 * certificate signed by a certificate authority of limber's own, made on
 * first use and kept in the user's data folder; a phone trusts it once
 * (docs/api.md, "On the network"). Loopback stays plain HTTP: localhost
 * is a secure context already.
 *
 * OpenSSL is a module of its own, loaded by server.c only for --lan, so
 * that `limber serve` on loopback does not map libssl and libcrypto (1.4
 * MB resident, docs/benchmarks.md).
 */
#ifndef LIMBER_TLS_H
#define LIMBER_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event_base;
struct bufferevent;

/* The files in the folder tls_open() is given. */
#define WEB_TLS_CA_KEY "ca.key"
#define WEB_TLS_CA_CERT "ca.crt"
#define WEB_TLS_KEY "server.key"
#define WEB_TLS_CERT "server.crt"

/*
 * Whether --lan's certificate can name an IPv4 address (host order): the
 * authority vouches only for private (10/8, 172.16/12, 192.168/16),
 * loopback and link-local addresses (tls.c, WEB_TLS_PERMITTED).
 * cmd-serve.c prints the others without a link, saying why.
 */
static inline bool
web_tls_private(uint32_t a)
{
	return (a >> 24) == 10 || (a >> 20) == (172u << 4 | 1) ||
	    (a >> 16) == (192u << 8 | 168) || (a >> 24) == 127 ||
	    (a >> 16) == (169u << 8 | 254);
}

/* What the server and `limber serve` need of the certificates. */
struct web_tls {
	void *ctx;     /* the SSL_CTX every connection is made from */
	char *ca_path; /* the authority's certificate, to be trusted */
	char *ca_pem;  /* its text, served as /limber-ca.crt */
	size_t ca_pem_len;
	/* SHA-256 of the authority's certificate (DER), as phones show it:
	   "AB:CD:...", 32 pairs. */
	char fingerprint[96];
	bool ca_made; /* the authority is new: phones must trust it */
};

struct web_tls_module {
	/*
	 * The authority and the server's certificate in dir (made, or made
	 * again when the network addresses changed or the certificate nears
	 * its end), and a context that serves them. False with *cause
	 * (malloc'd, naming the file) when a file cannot be used.
	 */
	bool (*open)(struct web_tls *t, const char *dir, char **cause);
	/* A connection's bufferevent: TLS, accepting, its socket set later
	   by evhttp (evhttp_set_bevcb). */
	struct bufferevent *(*bev)(struct web_tls *t, struct event_base *base);
	void (*close)(struct web_tls *t);
};

#define WEB_TLS_MODULE_ENTRY "limber_tls_module"
__attribute__((visibility("default"))) const void *limber_tls_module(void);

#endif /* LIMBER_TLS_H */
