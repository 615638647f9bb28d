package org.ncrebm.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ncrebm.support.TestApp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The bounded worker sheds work it cannot queue")
class BoundedWorkerTest {
  @Test
  @DisplayName("past pool + queue, submissions fail at once with OVERLOADED and a Retry-After; capacity returns after")
  void sheds() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      BoundedWorker worker = new BoundedWorker(vertx, "test-worker", 2, 3);
      CountDownLatch release = new CountDownLatch(1);
      List<Future<Integer>> accepted = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        int n = i;
        accepted.add(worker.submit(() -> {
          release.await(10, TimeUnit.SECONDS);
          return n;
        }));
      }
      Future<Integer> shed = worker.submit(() -> 99);
      assertThat(shed.failed()).isTrue();
      AppException e = (AppException) shed.cause();
      assertThat(e.code()).isEqualTo(ErrorCode.OVERLOADED);
      assertThat(e.retryAfterSeconds()).isPositive();
      release.countDown();
      TestApp.await(Future.all(accepted));
      assertThat(worker.backlog()).isZero();
      assertThat(TestApp.await(worker.submit(() -> 7))).isEqualTo(7);
    } finally {
      TestApp.await(vertx.close());
    }
  }
}
