/*
 * qr.c - the pairing QR code of `limber serve --lan` (web.h), from
 * libqrencode. In limber-web.so with the server, so that the program
 * does not link libqrencode; cmd-serve.c draws the modules it gives.
 */
#include <qrencode.h>

#include "util.h"
#include "web.h"

bool
web_qr(const char *text, int *width, unsigned char **dark)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1);
	size_t n;

	if (qr == NULL)
		return false;
	n = (size_t)qr->width;
	*width = qr->width;
	*dark = xmalloc(n * n);
	for (size_t i = 0; i < n * n; i++)
		(*dark)[i] = qr->data[i] & 1;
	QRcode_free(qr);
	return true;
}
