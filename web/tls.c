/*
 * tls.c - the certificates of `limber serve --lan` and the TLS its
 * connections speak (tls.h), in the module limber-tls.so.
 *
 * The folder given (cmd-serve.c: $XDG_DATA_HOME/limber/tls) holds:
 *
 *  - ca.key, ca.crt: limber's own certificate authority, "limber on
 *    HOST", an EC P-256 key, for ten years. Made on first use and then
 *    kept, since a phone trusts it once by hand: a file of it that cannot
 *    be used is an error naming the file, never replaced quietly.
 *  - server.key, server.crt: the server's certificate, signed by it, for
 *    127.0.0.1 and this computer's IPv4 addresses (IP names), HOST.local
 *    and localhost. It is made again, with a new key, whenever it does
 *    not fit: an address it does not name, less than WEB_TLS_RENEW_DAYS
 *    left, not signed by the authority, or a file that cannot be read.
 *    It lasts WEB_TLS_CERT_DAYS: phones refuse longer ones.
 *
 * Keys are 0600 and every file is written whole (a temporary file, then
 * rename), so a crash leaves the old file or the new one.
 */
/* getifaddrs() and the IFF_ flags are BSD, not POSIX. */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "tls.h"
#include "util.h"

#define WEB_TLS_CA_DAYS (10 * 365)
/* Apple's and Chrome's most for a server certificate is 398 days. */
#define WEB_TLS_CERT_DAYS 397
#define WEB_TLS_RENEW_DAYS 30
/* Addresses a certificate names at most: the loopback and the rest. */
#define WEB_TLS_ADDRS_MAX 16
/* A key or certificate file is a few hundred bytes. */
#define WEB_TLS_FILE_MAX (64 * 1024)

/*
 * What the authority may vouch for (X.509 name constraints), so that a
 * phone that trusts it trusts it for nothing else, should its key be
 * stolen: the private, loopback and link-local IPv4 ranges (as
 * web_tls_private() has them), and names under .local and localhost.
 */
#define WEB_TLS_PERMITTED \
	"critical," \
	"permitted;IP:10.0.0.0/255.0.0.0," \
	"permitted;IP:172.16.0.0/255.240.0.0," \
	"permitted;IP:192.168.0.0/255.255.0.0," \
	"permitted;IP:127.0.0.0/255.0.0.0," \
	"permitted;IP:169.254.0.0/255.255.0.0," \
	"permitted;DNS:local,permitted;DNS:localhost"

/* What the server's certificate must name. */
struct names {
	struct in_addr ip[WEB_TLS_ADDRS_MAX];
	size_t nip;
	char host[256];	 /* gethostname(), for the authority's name */
	char local[280]; /* "HOST.local", or "" when HOST is no DNS label */
};

/* OpenSSL's last error, for a cause; the queue is emptied. */
static const char *
ossl_why(char *buf, size_t size)
{
	unsigned long e = ERR_peek_last_error();

	if (e == 0)
		snprintf(buf, size, "no reason given");
	else
		ERR_error_string_n(e, buf, size);
	ERR_clear_error();
	return buf;
}

static char *
path_of(const char *dir, const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

/* ------------------------------------------------------------------ */
/* Files.                                                              */

static bool
mkdir_private(const char *dir, char **cause)
{
	char *p = xstrdup(dir);

	/* The parents as the user's umask makes them; the last one 0700. */
	for (char *s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			*cause = xasprintf("cannot make the folder %s: %s", p,
			    strerror(errno));
			free(p);
			return false;
		}
		*s = '/';
	}
	free(p);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		*cause = xasprintf("cannot make the folder %s: %s", dir,
		    strerror(errno));
		return false;
	}
	return true;
}

/* data into dir/name, whole or not at all, with mode. */
static bool
write_whole(const char *dir, const char *name, const char *data, size_t len,
    mode_t mode, char **cause)
{
	char *path = path_of(dir, name);
	char *tmp = xasprintf("%s/.%s.XXXXXX", dir, name);
	int fd = mkstemp(tmp), dfd;
	size_t done = 0;

	if (fd < 0)
		goto fail;
	if (fchmod(fd, mode) != 0)
		goto fail_fd;
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail_fd;
		done += (size_t)n;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) != 0)
		goto fail;
	/* The rename itself, on the disk. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	free(tmp);
	free(path);
	return true;
fail_fd:
	close(fd);
fail:
	*cause = xasprintf("cannot write %s: %s", path, strerror(errno));
	if (fd >= 0 || errno != 0)
		(void)unlink(tmp);
	free(tmp);
	free(path);
	return false;
}

/*
 * A file of ours, whole, in *out (NUL-ended). Returns 1 when read, 0 when
 * there is none, -1 with *cause when it cannot be used. A key must not
 * be readable by other accounts.
 */
static int
read_whole(const char *path, bool secret, char **out, size_t *len, char **cause)
{
	char *buf;
	struct stat st;
	size_t got = 0;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		*cause = xasprintf("cannot read %s: %s", path,
		    errno == ELOOP ? "it is a symbolic link" : strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > WEB_TLS_FILE_MAX) {
		close(fd);
		*cause = xasprintf("%s is not a key or certificate file", path);
		return -1;
	}
	if (secret && (st.st_uid != geteuid() || (st.st_mode & 077) != 0)) {
		close(fd);
		*cause = xasprintf("%s could be read by other accounts, so the "
				   "key in it may no longer be secret",
		    path);
		return -1;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*cause = xasprintf("cannot read %s: %s", path,
			    strerror(errno));
			close(fd);
			free(buf);
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	*out = buf;
	*len = got;
	return 1;
}

static EVP_PKEY *
read_key(const char *path, int *found, char **cause)
{
	char *text = NULL, why[256];
	size_t len = 0;
	EVP_PKEY *key = NULL;
	BIO *bio;

	*found = read_whole(path, true, &text, &len, cause);
	if (*found <= 0)
		return NULL;
	bio = BIO_new_mem_buf(text, (int)len);
	if (bio != NULL)
		key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	BIO_free(bio);
	free(text);
	if (key == NULL) {
		*found = -1;
		*cause = xasprintf("%s does not hold a private key that can "
				   "be read (%s)",
		    path, ossl_why(why, sizeof why));
	}
	return key;
}

static X509 *
read_cert(const char *path, int *found, char **cause)
{
	char *text = NULL, why[256];
	size_t len = 0;
	X509 *cert = NULL;
	BIO *bio;

	*found = read_whole(path, false, &text, &len, cause);
	if (*found <= 0)
		return NULL;
	bio = BIO_new_mem_buf(text, (int)len);
	if (bio != NULL)
		cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	BIO_free(bio);
	free(text);
	if (cert == NULL) {
		*found = -1;
		*cause = xasprintf("%s does not hold a certificate that can be "
				   "read (%s)",
		    path, ossl_why(why, sizeof why));
	}
	return cert;
}

/* A memory BIO's text, malloc'd and NUL-ended. */
static char *
bio_text(BIO *bio, size_t *len)
{
	char *data = NULL;
	long n = BIO_get_mem_data(bio, &data);
	char *out;

	if (n < 0)
		n = 0;
	out = xmalloc((size_t)n + 1);
	memcpy(out, data, (size_t)n);
	out[n] = '\0';
	*len = (size_t)n;
	return out;
}

static char *
key_pem(EVP_PKEY *key, size_t *len)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *out = NULL;

	if (bio != NULL &&
	    PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL) == 1)
		out = bio_text(bio, len);
	BIO_free(bio);
	return out;
}

static char *
cert_pem(X509 *cert, size_t *len)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *out = NULL;

	if (bio != NULL && PEM_write_bio_X509(bio, cert) == 1)
		out = bio_text(bio, len);
	BIO_free(bio);
	return out;
}

/* ------------------------------------------------------------------ */
/* Names.                                                              */

/* What the server's certificate must name now. */
static void
names_now(struct names *n)
{
	struct ifaddrs *ifs = NULL;
	bool label = true;

	memset(n, 0, sizeof *n);
	n->ip[n->nip++].s_addr = htonl(INADDR_LOOPBACK);
	if (getifaddrs(&ifs) == 0) {
		for (struct ifaddrs *i = ifs; i != NULL; i = i->ifa_next) {
			if (i->ifa_addr == NULL ||
			    i->ifa_addr->sa_family != AF_INET ||
			    (i->ifa_flags & IFF_LOOPBACK) ||
			    !(i->ifa_flags & IFF_UP) ||
			    n->nip == WEB_TLS_ADDRS_MAX)
				continue;
			n->ip[n->nip] =
			    ((struct sockaddr_in *)(void *)i->ifa_addr)
				->sin_addr;
			/* The authority may vouch for no other. */
			if (web_tls_private(ntohl(n->ip[n->nip].s_addr)))
				n->nip++;
		}
		freeifaddrs(ifs);
	}
	if (gethostname(n->host, sizeof n->host - 1) != 0 || !n->host[0])
		snprintf(n->host, sizeof n->host, "this computer");
	/* HOST.local, as mDNS names it, when HOST is a DNS label. */
	for (const char *c = n->host; *c != '\0'; c++)
		label = label && (isalnum((unsigned char)*c) || *c == '-');
	if (label && strlen(n->host) <= 63)
		snprintf(n->local, sizeof n->local, "%s.local", n->host);
}

/* Does cert's subjectAltName hold every name in n? */
static bool
names_in(X509 *cert, const struct names *n)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL,
	    NULL);
	bool ok = true;

	if (gens == NULL)
		return false;
	for (size_t i = 0; i <= n->nip && ok; i++) {
		bool seen = false;

		if (i == n->nip && n->local[0] == '\0')
			break;
		for (int g = 0; g < sk_GENERAL_NAME_num(gens) && !seen; g++) {
			const GENERAL_NAME *gn = sk_GENERAL_NAME_value(gens, g);
			const ASN1_STRING *s;

			if (i < n->nip && gn->type == GEN_IPADD) {
				s = gn->d.iPAddress;
				seen = ASN1_STRING_length(s) == 4 &&
				    memcmp(ASN1_STRING_get0_data(s),
					&n->ip[i].s_addr, 4) == 0;
			} else if (i == n->nip && gn->type == GEN_DNS) {
				s = gn->d.dNSName;
				seen = (size_t)ASN1_STRING_length(s) ==
					strlen(n->local) &&
				    strncasecmp(
					(const char *)ASN1_STRING_get0_data(s),
					n->local, strlen(n->local)) == 0;
			}
		}
		ok = seen;
	}
	GENERAL_NAMES_free(gens);
	return ok;
}

/* ------------------------------------------------------------------ */
/* Making them.                                                        */

static EVP_PKEY *
new_key(void)
{
	return EVP_EC_gen("P-256");
}

static bool
add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX v3;
	X509_EXTENSION *ext;
	bool ok;

	X509V3_set_ctx(&v3, issuer, cert, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value);
	if (ext == NULL)
		return false;
	ok = X509_add_ext(cert, ext, -1) == 1;
	X509_EXTENSION_free(ext);
	return ok;
}

/*
 * A certificate for key, named cn, signed by issuer_key (issuer NULL: by
 * itself, an authority), for days from an hour ago (a phone's clock a
 * little behind still takes it). san: the subjectAltName, or NULL.
 */
static X509 *
make_cert(EVP_PKEY *key, const char *cn, X509 *issuer, EVP_PKEY *issuer_key,
    long days, const char *san)
{
	X509 *cert = X509_new();
	X509_NAME *name = NULL;
	BIGNUM *serial = BN_new();
	bool ok;

	ok = cert != NULL && serial != NULL &&
	    X509_set_version(cert, X509_VERSION_3) == 1 &&
	    /* 127 random bits: positive, and unique enough. */
	    BN_rand(serial, 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1 &&
	    BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(cert)) != NULL &&
	    X509_gmtime_adj(X509_getm_notBefore(cert), -3600) != NULL &&
	    X509_gmtime_adj(X509_getm_notAfter(cert), days * 24 * 3600) !=
		NULL &&
	    X509_set_pubkey(cert, key) == 1;
	if (ok) {
		name = X509_NAME_new();
		ok = name != NULL &&
		    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
			(const unsigned char *)"limber", -1, -1, 0) == 1 &&
		    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
			(const unsigned char *)cn, -1, -1, 0) == 1 &&
		    X509_set_subject_name(cert, name) == 1 &&
		    X509_set_issuer_name(cert,
			issuer != NULL ? X509_get_subject_name(issuer) :
					 name) == 1;
		X509_NAME_free(name);
	}
	if (ok && issuer == NULL)
		ok = add_ext(cert, cert, NID_basic_constraints,
			 "critical,CA:TRUE,pathlen:0") &&
		    add_ext(cert, cert, NID_name_constraints,
			WEB_TLS_PERMITTED) &&
		    add_ext(cert, cert, NID_key_usage,
			"critical,keyCertSign,cRLSign") &&
		    add_ext(cert, cert, NID_subject_key_identifier, "hash");
	else if (ok)
		ok = add_ext(cert, issuer, NID_basic_constraints,
			 "critical,CA:FALSE") &&
		    add_ext(cert, issuer, NID_key_usage,
			"critical,digitalSignature") &&
		    add_ext(cert, issuer, NID_ext_key_usage, "serverAuth") &&
		    add_ext(cert, issuer, NID_subject_alt_name, san) &&
		    add_ext(cert, issuer, NID_subject_key_identifier, "hash") &&
		    add_ext(cert, issuer, NID_authority_key_identifier,
			"keyid:always");
	ok = ok && X509_sign(cert, issuer_key, EVP_sha256()) > 0;
	BN_free(serial);
	if (!ok) {
		X509_free(cert);
		return NULL;
	}
	return cert;
}

static char *
san_of(const struct names *n)
{
	char *san = xstrdup("DNS:localhost");

	if (n->local[0] != '\0') {
		char *more = xasprintf("%s,DNS:%s", san, n->local);

		free(san);
		san = more;
	}
	for (size_t i = 0; i < n->nip; i++) {
		char addr[INET_ADDRSTRLEN], *more;

		inet_ntop(AF_INET, &n->ip[i], addr, sizeof addr);
		more = xasprintf("%s,IP:%s", san, addr);
		free(san);
		san = more;
	}
	return san;
}

/* key and cert as dir/key_name (0600) and dir/cert_name (0644). */
static bool
save_pair(const char *dir, const char *key_name, EVP_PKEY *key,
    const char *cert_name, X509 *cert, char **cause)
{
	size_t klen = 0, clen = 0;
	char *k = key_pem(key, &klen), *c = cert_pem(cert, &clen);
	bool ok = k != NULL && c != NULL;

	if (!ok)
		*cause = xasprintf("cannot write the certificates in %s", dir);
	/* The key first: a certificate is never there without its key. */
	ok = ok && write_whole(dir, key_name, k, klen, 0600, cause) &&
	    write_whole(dir, cert_name, c, clen, 0644, cause);
	if (k != NULL)
		OPENSSL_cleanse(k, klen);
	free(k);
	free(c);
	return ok;
}

/*
 * The authority: read, or made when neither of its files is there. One
 * without the other, or one that cannot be read, is an error: a phone
 * may trust it.
 */
static bool
authority(const char *dir, const struct names *n, EVP_PKEY **key, X509 **cert,
    bool *made, char **cause)
{
	char *kpath = path_of(dir, WEB_TLS_CA_KEY);
	char *cpath = path_of(dir, WEB_TLS_CA_CERT);
	char *cn, why[256];
	int kfound, cfound = 0;
	bool ok = false, making = false;

	*made = false;
	*key = read_key(kpath, &kfound, cause);
	if (kfound < 0)
		goto out;
	*cert = read_cert(cpath, &cfound, cause);
	if (cfound < 0)
		goto out;
	if (kfound && cfound) {
		if (X509_check_private_key(*cert, *key) != 1) {
			*cause = xasprintf("%s is not the certificate of the "
					   "key in %s (%s)",
			    cpath, kpath, ossl_why(why, sizeof why));
			goto out;
		}
		ok = true;
		goto out;
	}
	if (kfound || cfound) {
		*cause = xasprintf("%s is there but %s is not",
		    kfound ? kpath : cpath, kfound ? cpath : kpath);
		goto out;
	}
	making = true;
	cn = xasprintf("limber on %s", n->host);
	*key = new_key();
	*cert = *key != NULL ?
	    make_cert(*key, cn, NULL, *key, WEB_TLS_CA_DAYS, NULL) :
	    NULL;
	free(cn);
	if (*cert == NULL) {
		*cause = xasprintf("cannot make a certificate authority: %s",
		    ossl_why(why, sizeof why));
		goto out;
	}
	ok = save_pair(dir, WEB_TLS_CA_KEY, *key, WEB_TLS_CA_CERT, *cert,
	    cause);
	*made = ok;
out:
	if (!ok && !making) {
		char *why_ca = *cause;

		*cause = xasprintf(
		    "%s; put the file back as it was, or remove "
		    "the folder %s to make a new certificate authority, which "
		    "each phone must then trust again",
		    why_ca, dir);
		free(why_ca);
	}
	free(kpath);
	free(cpath);
	return ok;
}

/* Is cert good for now and n, and signed by the authority? */
static bool
fits(X509 *cert, EVP_PKEY *key, X509 *ca, const struct names *n)
{
	time_t soon = time(NULL) + (time_t)WEB_TLS_RENEW_DAYS * 24 * 3600;
	EVP_PKEY *ca_pub = X509_get0_pubkey(ca);

	return ca_pub != NULL && X509_verify(cert, ca_pub) == 1 &&
	    X509_check_private_key(cert, key) == 1 &&
	    X509_cmp_time(X509_get0_notAfter(cert), &soon) > 0 &&
	    names_in(cert, n);
}

/* The server's key and certificate: read when they fit, else made. */
static bool
server_pair(const char *dir, const struct names *n, EVP_PKEY *ca_key, X509 *ca,
    EVP_PKEY **key, X509 **cert, char **cause)
{
	char *kpath = path_of(dir, WEB_TLS_KEY);
	char *cpath = path_of(dir, WEB_TLS_CERT);
	char *ignored = NULL, *san, why[256];
	int kfound, cfound = 0;
	bool ok;

	/* Ours to make again: what is wrong with them is not told. */
	*key = read_key(kpath, &kfound, &ignored);
	*cert = *key != NULL ? read_cert(cpath, &cfound, &ignored) : NULL;
	free(ignored);
	free(kpath);
	free(cpath);
	if (*key != NULL && *cert != NULL && fits(*cert, *key, ca, n)) {
		ERR_clear_error();
		return true;
	}
	ERR_clear_error();
	EVP_PKEY_free(*key);
	X509_free(*cert);
	san = san_of(n);
	*key = new_key();
	*cert = *key != NULL ?
	    make_cert(*key, n->local[0] != '\0' ? n->local : "limber", ca,
		ca_key, WEB_TLS_CERT_DAYS, san) :
	    NULL;
	free(san);
	if (*cert == NULL) {
		*cause = xasprintf("cannot make the server's certificate: %s",
		    ossl_why(why, sizeof why));
		return false;
	}
	ok = save_pair(dir, WEB_TLS_KEY, *key, WEB_TLS_CERT, *cert, cause);
	return ok;
}

/* ------------------------------------------------------------------ */
/* Serving.                                                            */

/*
 * A browser that asks for http:// on this port (an address typed without
 * https://) gets a plain answer that says so, not a connection dropped
 * without a word. OpenSSL knows a request line when it reads one.
 */
static const char plain_words[] =
    "limber answers here over HTTPS only: open this address with https:// "
    "at its start instead.\n";

static void
on_info(const SSL *ssl, int where, int ret)
{
	unsigned long e;
	char drain[4096], answer[512];
	int fd, n;

	if (!(where & SSL_CB_EXIT) || ret > 0)
		return;
	e = ERR_peek_error();
	if (ERR_GET_LIB(e) != ERR_LIB_SSL ||
	    ERR_GET_REASON(e) != SSL_R_HTTP_REQUEST)
		return;
	fd = SSL_get_fd(ssl);
	if (fd < 0)
		return;
	/* What is left of the request is read first (a request's worth at
	   most): closing a socket with unread input resets it, and the
	   answer would be lost. */
	for (int i = 0; i < 16; i++) {
		if (recv(fd, drain, sizeof drain, MSG_DONTWAIT) <= 0)
			break;
	}
	n = snprintf(answer, sizeof answer,
	    "HTTP/1.1 400 Bad Request\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Connection: close\r\n"
	    "Content-Length: %zu\r\n\r\n%s",
	    strlen(plain_words), plain_words);
	if (n > 0 && (size_t)n < sizeof answer)
		(void)send(fd, answer, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL);
}

static void
tls_close(struct web_tls *t)
{
	SSL_CTX_free(t->ctx);
	free(t->ca_path);
	free(t->ca_pem);
	memset(t, 0, sizeof *t);
}

static bool
tls_open(struct web_tls *t, const char *dir, char **cause)
{
	struct names n;
	EVP_PKEY *ca_key = NULL, *key = NULL;
	X509 *ca = NULL, *cert = NULL;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	char why[256];
	SSL_CTX *ctx = NULL;
	bool ok = false;

	memset(t, 0, sizeof *t);
	*cause = NULL;
	names_now(&n);
	if (!mkdir_private(dir, cause))
		goto out;
	if (!authority(dir, &n, &ca_key, &ca, &t->ca_made, cause) ||
	    !server_pair(dir, &n, ca_key, ca, &key, &cert, cause))
		goto out;
	if (X509_digest(ca, EVP_sha256(), md, &mdlen) != 1 || mdlen != 32) {
		*cause = xstrdup("cannot take the certificate's fingerprint");
		goto out;
	}
	for (unsigned int i = 0; i < mdlen; i++)
		snprintf(t->fingerprint + 3 * i, 4,
		    i + 1 < mdlen ? "%02X:" : "%02X", md[i]);
	t->ca_path = path_of(dir, WEB_TLS_CA_CERT);
	t->ca_pem = cert_pem(ca, &t->ca_pem_len);
	ctx = SSL_CTX_new(TLS_server_method());
	if (t->ca_pem == NULL || ctx == NULL ||
	    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 ||
	    SSL_CTX_use_certificate(ctx, cert) != 1 ||
	    SSL_CTX_use_PrivateKey(ctx, key) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1) {
		*cause = xasprintf("cannot serve HTTPS: %s",
		    ossl_why(why, sizeof why));
		goto out;
	}
	SSL_CTX_set_info_callback(ctx, on_info);
	t->ctx = ctx;
	ctx = NULL;
	ok = true;
out:
	SSL_CTX_free(ctx);
	EVP_PKEY_free(ca_key);
	EVP_PKEY_free(key);
	X509_free(ca);
	X509_free(cert);
	ERR_clear_error();
	if (!ok)
		tls_close(t);
	return ok;
}

static struct bufferevent *
tls_bev(struct web_tls *t, struct event_base *base)
{
	SSL *ssl = SSL_new(t->ctx);
	struct bufferevent *bev;

	if (ssl == NULL)
		return NULL;
	bev = bufferevent_openssl_socket_new(base, -1, ssl,
	    BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
	if (bev == NULL) {
		SSL_free(ssl);
		return NULL;
	}
	/* Phones often close without TLS's closing words: an end, not an
	   error. */
	bufferevent_openssl_set_allow_dirty_shutdown(bev, 1);
	return bev;
}

static const struct web_tls_module table = {
	.open = tls_open,
	.bev = tls_bev,
	.close = tls_close,
};

const void *
limber_tls_module(void)
{
	return &table;
}
