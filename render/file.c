/*
 * file.c - pictures and documents written whole or not at all.
 *
 * As curl's Curl_altsvc_save does, a file is written to a temporary name in
 * the folder it is meant for, checked (every write, the flush, the close),
 * and only then renamed over the name asked for. A crash, a full disk or an
 * error while drawing leaves the old file, or no file, never half of one;
 * the temporary file is removed on every failure.
 *
 * A file that holds health data (a report, a handout) is the owner's only,
 * 0600 as the journal and the export are, whatever the umask: it is made
 * so by mkstemp before a byte is written, and the rename keeps it so even
 * over an older file that others could read. A figure or a sound file is
 * readable as any new file is.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "limber/render.h"
#include "i18n.h"
#include "util.h"

struct render_file {
	char *path;
	char *tmp;
	FILE *fp;
};

static enum limber_status
io_error(const char *path, int err, char **cause)
{
	if (cause != NULL)
		*cause = xasprintf(_("cannot write %s: %s"), path,
		    strerror(err));
	return LIMBER_ERR_IO;
}

static enum limber_status
file_open(const char *path, bool private, struct render_file **out, FILE **fp,
    char **cause)
{
	struct render_file *f;
	const char *slash = strrchr(path, '/');
	mode_t mask;
	int fd, err;

	*out = NULL;
	*fp = NULL;
	if (*path == '\0' || (slash != NULL && slash[1] == '\0'))
		return io_error(path, EISDIR, cause);
	f = xcalloc(1, sizeof *f);
	f->path = xstrdup(path);
	if (slash != NULL)
		f->tmp = xasprintf("%.*s.%s.XXXXXX", (int)(slash - path + 1),
		    path, slash + 1);
	else
		f->tmp = xasprintf(".%s.XXXXXX", path);
	fd = mkstemp(f->tmp);
	if (fd == -1) {
		err = errno;
		free(f->tmp);
		free(f->path);
		free(f);
		return io_error(path, err, cause);
	}
	/* mkstemp makes 0600; a picture is as readable as any new file. */
	if (!private) {
		mask = umask(0);
		umask(mask);
		(void)fchmod(fd, 0666 & ~mask);
	}
	f->fp = fdopen(fd, "wb");
	if (f->fp == NULL) {
		err = errno;
		close(fd);
		unlink(f->tmp);
		free(f->tmp);
		free(f->path);
		free(f);
		return io_error(path, err, cause);
	}
	*out = f;
	*fp = f->fp;
	return LIMBER_OK;
}

enum limber_status
render_file_open(const char *path, struct render_file **out, FILE **fp,
    char **cause)
{
	return file_open(path, false, out, fp, cause);
}

enum limber_status
render_file_open_private(const char *path, struct render_file **out, FILE **fp,
    char **cause)
{
	return file_open(path, true, out, fp, cause);
}

void
render_file_abort(struct render_file *f)
{
	if (f == NULL)
		return;
	if (f->fp != NULL)
		fclose(f->fp);
	unlink(f->tmp);
	free(f->tmp);
	free(f->path);
	free(f);
}

enum limber_status
render_file_commit(struct render_file *f, char **cause)
{
	enum limber_status rc = LIMBER_OK;
	int err = 0;

	if (fflush(f->fp) != 0 || ferror(f->fp))
		err = errno != 0 ? errno : EIO;
	else if (fsync(fileno(f->fp)) != 0 && errno != EINVAL &&
	    errno != EROFS)
		err = errno;
	if (fclose(f->fp) != 0 && err == 0)
		err = errno != 0 ? errno : EIO;
	f->fp = NULL;
	if (err == 0 && rename(f->tmp, f->path) != 0)
		err = errno;
	if (err != 0) {
		rc = io_error(f->path, err, cause);
		unlink(f->tmp);
	}
	free(f->tmp);
	free(f->path);
	free(f);
	return rc;
}

static enum limber_status
write_file(const char *path, bool private, const char *data, size_t len,
    char **cause)
{
	struct render_file *f;
	FILE *fp;
	enum limber_status rc;

	rc = file_open(path, private, &f, &fp, cause);
	if (rc != LIMBER_OK)
		return rc;
	if (len > 0 && fwrite(data, 1, len, fp) != len) {
		int err = errno != 0 ? errno : EIO;

		render_file_abort(f);
		return io_error(path, err, cause);
	}
	return render_file_commit(f, cause);
}

enum limber_status
render_write_file(const char *path, const char *data, size_t len, char **cause)
{
	return write_file(path, false, data, len, cause);
}

enum limber_status
render_write_file_private(const char *path, const char *data, size_t len,
    char **cause)
{
	return write_file(path, true, data, len, cause);
}
