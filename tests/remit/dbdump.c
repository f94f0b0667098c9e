/*
 * dbdump.c - every row of every table of a SQLite file, in rowid order, as
 * text: what the kill test compares before and after an import that was
 * killed.  (The schema version too.)
 *
 *   remedi-dbdump DB
 */
#include <sqlite3.h>
#include <stdio.h>

static int
dump_table(sqlite3 *db, const char *name)
{
	char sql[256];
	sqlite3_stmt *q;
	int rc;

	snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY rowid", name);
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		return 1;
	printf("table %s\n", name);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(q); i++) {
			const unsigned char *t = sqlite3_column_text(q, i);

			printf("%s%s", i ? "|" : "", t ? (const char *)t : "NULL");
		}
		putchar('\n');
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : 1;
}

int
main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *q;
	int rc, bad = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: remedi-dbdump DB\n");
		return 3;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		fprintf(stderr, "remedi-dbdump: %s: %s\n", argv[1], sqlite3_errmsg(db));
		sqlite3_close(db);
		return 4;
	}
	sqlite3_busy_timeout(db, 10000);
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		printf("user_version %d\n", sqlite3_column_int(q, 0));
	sqlite3_finalize(q);
	if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1, &q, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "remedi-dbdump: %s\n", sqlite3_errmsg(db));
		return 4;
	}
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		bad |= dump_table(db, (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(db);
	if (bad || rc != SQLITE_DONE) {
		fprintf(stderr, "remedi-dbdump: %s: read error\n", argv[1]);
		return 4;
	}
	return fflush(stdout) == 0 ? 0 : 4;
}
