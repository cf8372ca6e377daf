/* server.h -- the serving process: listening sockets, worker threads, signals, shutdown. */
#ifndef ZHUCUN_SERVER_H
#define ZHUCUN_SERVER_H

#include "common/config.h"

/* Serves until SIGTERM or SIGINT, then drains and returns the process exit status. */
int server_run(const struct server_config *cfg);

#endif
