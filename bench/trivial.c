/* trivial.c - the smallest C program, to compare start-up times against. */
#include <stdio.h>

int
main(void)
{
	puts("{}");
	return 0;
}
