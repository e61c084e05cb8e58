/* A tiny UDP tool for the e2e tests (busybox-static's nc has no UDP):
 *   udp-echo serve PORT            answers every datagram with "echo:" + its payload
 *   udp-echo send HOST PORT MSG    sends MSG, prints the answer, exit 1 if none in 3 s
 * Built statically by the test so it runs inside the busybox image. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    char buf[1500];
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0) { perror("socket"); return 2; }
    if (argc == 3 && strcmp(argv[1], "serve") == 0) {
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2]))};
        if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) { perror("bind"); return 2; }
        for (;;) {
            struct sockaddr_in from; socklen_t len = sizeof from;
            ssize_t n = recvfrom(fd, buf + 5, sizeof buf - 5, 0, (struct sockaddr *)&from, &len);
            if (n < 0) continue;
            memcpy(buf, "echo:", 5);
            sendto(fd, buf, n + 5, 0, (struct sockaddr *)&from, len);
        }
    }
    if (argc == 5 && strcmp(argv[1], "send") == 0) {
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[3]))};
        if (inet_pton(AF_INET, argv[2], &a.sin_addr) != 1) { fprintf(stderr, "bad address\n"); return 2; }
        struct timeval tv = {.tv_sec = 3};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        sendto(fd, argv[4], strlen(argv[4]), 0, (struct sockaddr *)&a, sizeof a);
        ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
        if (n < 0) { perror("recv"); return 1; }
        buf[n] = 0;
        printf("%s\n", buf);
        return 0;
    }
    fprintf(stderr, "usage: udp-echo serve PORT | send HOST PORT MSG\n");
    return 2;
}
