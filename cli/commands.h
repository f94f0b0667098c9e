/*
 * commands.h - the subcommands of remedi; one file each.
 */
#ifndef REMEDI_CLI_COMMANDS_H
#define REMEDI_CLI_COMMANDS_H

/* Each takes argv with argv[0] = the subcommand name and returns an exit status. */
int cmd_segments(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_errors(int argc, char **argv);
int cmd_parse(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_submit(int argc, char **argv);
int cmd_remit(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_codes(int argc, char **argv);
int cmd_ack(int argc, char **argv);
int cmd_acks(int argc, char **argv);

#endif
