/*
 * alloc.c - the allocator hook (struct x12_alloc) and the helpers every
 * object of the library allocates through.
 */
#include "x12_internal.h"

#include <stdlib.h>

static void *
libc_malloc(void *ctx, size_t size)
{
	(void)ctx;
	return malloc(size ? size : 1);
}

static void *
libc_realloc(void *ctx, void *ptr, size_t size)
{
	(void)ctx;
	return realloc(ptr, size ? size : 1);
}

static void
libc_free(void *ctx, void *ptr)
{
	(void)ctx;
	free(ptr);
}

void
x12_alloc_init(struct x12_alloc *dst, const struct x12_alloc *src)
{
	if (src && src->malloc && src->realloc && src->free) {
		*dst = *src;
		return;
	}
	dst->malloc = libc_malloc;
	dst->realloc = libc_realloc;
	dst->free = libc_free;
	dst->ctx = NULL;
}

void *
x12_mem_calloc(const struct x12_alloc *a, size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	p = a->malloc(a->ctx, n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *
x12_mem_realloc_array(const struct x12_alloc *a, void *ptr, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return a->realloc(a->ctx, ptr, n * size);
}

void
x12_mem_free(const struct x12_alloc *a, void *ptr)
{
	if (ptr)
		a->free(a->ctx, ptr);
}

enum x12_table_result
x12_table_add(const struct x12_alloc *a, void **table, unsigned *n, unsigned *cap, size_t size, unsigned max,
	      void **out)
{
	*out = NULL;
	if (*n >= max)
		return X12_TABLE_FULL;
	if (*n == *cap) {
		unsigned grow = *cap ? *cap * 2 : 16;
		void *p;

		if (grow > max)
			grow = max;
		p = x12_mem_realloc_array(a, *table, grow, size);
		if (!p)
			return X12_TABLE_NOMEM;
		*table = p;
		*cap = grow;
	}
	*out = (char *)*table + (size_t)*n * size;
	memset(*out, 0, size);
	(*n)++;
	return X12_TABLE_OK;
}
