/* Commands of the kibaru tool, one function each; main.c dispatches. */
#ifndef KB_CLI_H
#define KB_CLI_H
int cmd_mentions(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_fuse(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_clusters(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_serve(int argc, char **argv);
#endif
