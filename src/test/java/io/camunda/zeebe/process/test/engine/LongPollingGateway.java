package io.camunda.zeebe.process.test.engine;

import io.camunda.zeebe.engine.processing.streamprocessor.JobStreamer;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsResponse;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivatedJob;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.FailJobRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.FailJobResponse;
import io.camunda.zeebe.protocol.impl.stream.job.JobActivationProperties;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * zeebe-process-test's gateway with the long polling of Zeebe's own gateway. An ActivateJobs
 * request that finds no job is held, up to its request timeout ({@code 0}: the gateway's default,
 * {@value #DEFAULT_TIMEOUT_SECONDS} s; negative: no holding), and tried again as soon as the engine
 * reports work of its type ({@link JobStreamer#notifyWorkAvailable}: a job created, failed with
 * retries left, timed out, recurred after its backoff, its incident resolved). At the timeout it is
 * answered with no jobs, as the broker's gateway does.
 *
 * <p>zeebe-process-test's gateway answers an empty request at once, so each idle job worker wrote
 * an ActivateJobs command to the log every poll interval (100 ms by default): the application's
 * fourteen workers, idle, wrote about 150 commands and events a second, which the engine processed
 * between the messages the bridge published and the log kept for good. Long polling also hands a
 * new job to a waiting worker at once instead of at its next poll.
 *
 * <p>A busy engine may answer after the worker gave up (the SDK's deadline is the request timeout
 * plus 10 s): the jobs it activated for that request are failed back, as the broker's gateway does;
 * zeebe-process-test's dropped the answer, and the jobs waited for their timeout.
 */
final class LongPollingGateway extends GrpcToLogStreamGateway {

  static final long DEFAULT_TIMEOUT_SECONDS = 10;

  /** The broker gateway's error message for jobs it could not hand to the client. */
  static final String NOT_SENT = "Failed to send activated jobs to client";

  private static final Logger LOG = LoggerFactory.getLogger(LongPollingGateway.class);

  /** The answers to the commands the gateway writes on its own. */
  private static final StreamObserver<FailJobResponse> IGNORED =
      new StreamObserver<>() {
        @Override
        public void onNext(FailJobResponse response) {}

        @Override
        public void onError(Throwable failure) {
          LOG.info("Failing back a job not sent to its worker failed: {}", failure.toString());
        }

        @Override
        public void onCompleted() {}
      };

  private final Map<String, Set<LongPoll>> waiting = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  private final JobStreamer jobStreamer;

  LongPollingGateway(
      CommandWriter writer,
      int partitionId,
      int port,
      GatewayRequestStore requests,
      InMemoryJobStreamer streams) {
    super(writer, partitionId, 1, port, requests, streams);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("engine-long-polls-" + port).factory());
    this.jobStreamer = new NotifyingJobStreamer(streams);
  }

  /**
   * The job streamer for the engine: streams jobs as zeebe-process-test's, and wakes long polls.
   */
  JobStreamer jobStreamer() {
    return jobStreamer;
  }

  @Override
  public void activateJobs(
      ActivateJobsRequest request, StreamObserver<ActivateJobsResponse> client) {
    LongPoll poll = new LongPoll(request, client);
    if (client instanceof ServerCallStreamObserver<ActivateJobsResponse> call) {
      call.setOnCancelHandler(poll::cancel);
    }
    if (request.getRequestTimeout() < 0) {
      poll.answerAtOnce();
    } else {
      long timeoutMillis =
          request.getRequestTimeout() == 0
              ? TimeUnit.SECONDS.toMillis(DEFAULT_TIMEOUT_SECONDS)
              : request.getRequestTimeout();
      try {
        poll.expiry = scheduler.schedule(poll::expire, timeoutMillis, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closed) {
        poll.answerAtOnce();
      }
    }
    poll.attempt();
  }

  /** Stops holding requests (the gRPC server has stopped and cancelled them). */
  void close() {
    scheduler.shutdownNow();
  }

  private void workAvailable(String jobType) {
    Set<LongPoll> polls = waiting.get(jobType);
    if (polls != null) {
      polls.forEach(LongPoll::workAvailable);
    }
  }

  /**
   * Fails the jobs the engine activated for a request that can no longer take them, with the
   * retries they had and no backoff, so that the next request gets them at once and not when their
   * activation times out: what the broker's gateway does.
   */
  private void giveBack(ActivateJobsRequest request, ActivateJobsResponse answer, String reason) {
    if (answer.getJobsCount() == 0) {
      return;
    }
    List<Long> keys = answer.getJobsList().stream().map(ActivatedJob::getKey).toList();
    LOG.info(
        "Failed to send {} activated jobs of type {} (keys {}) to worker {}, because {}: failing"
            + " them back",
        keys.size(),
        request.getType(),
        keys,
        request.getWorker(),
        reason);
    for (ActivatedJob job : answer.getJobsList()) {
      failJob(
          FailJobRequest.newBuilder()
              .setJobKey(job.getKey())
              .setRetries(job.getRetries())
              .setRetryBackOff(0)
              .setErrorMessage(NOT_SENT + ": " + reason)
              .build(),
          IGNORED);
    }
  }

  /**
   * One request: held until the engine activates jobs for it or its request timeout passes, with at
   * most one ActivateJobs command of it in the engine at a time; work reported while one is on its
   * way makes it try again once the answer is empty.
   */
  private final class LongPoll implements StreamObserver<ActivateJobsResponse> {

    private final ActivateJobsRequest request;
    private final StreamObserver<ActivateJobsResponse> client;
    private volatile ScheduledFuture<?> expiry;
    private volatile boolean cancelled;
    private boolean attempting;
    private boolean workSeen;
    private boolean expired;
    private boolean done;

    LongPoll(ActivateJobsRequest request, StreamObserver<ActivateJobsResponse> client) {
      this.request = request;
      this.client = client;
    }

    /** Not held: the answer to the first attempt goes to the client, jobs or none. */
    synchronized void answerAtOnce() {
      expired = true;
    }

    /** Writes an ActivateJobs command; its answer comes to {@link #onNext}. */
    void attempt() {
      synchronized (this) {
        if (done || attempting) {
          return;
        }
        attempting = true;
        workSeen = false;
        waiting.computeIfAbsent(request.getType(), type -> ConcurrentHashMap.newKeySet()).add(this);
      }
      LongPollingGateway.super.activateJobs(request, this);
    }

    /**
     * The engine's answer to an attempt: held on if it is empty and time is left, else handed to
     * the client, or its jobs back to the engine if the client went away meanwhile.
     */
    @Override
    public void onNext(ActivateJobsResponse response) {
      boolean again;
      synchronized (this) {
        attempting = false;
        if (done || response.getJobsCount() > 0 || expired) {
          finish();
          // under the lock, so that a request timing out meanwhile cannot answer it twice
          send(response);
          return;
        }
        again = workSeen;
      }
      if (again) {
        retry();
      }
    }

    /**
     * Sends the answer, unless the call was cancelled meanwhile (its handler may not have run yet);
     * jobs the client cannot receive go back to the engine. Checked before sending, as the broker's
     * gateway does: once sent, the client may have taken the jobs, and failing them back then would
     * hand them to a second worker.
     */
    private void send(ActivateJobsResponse response) {
      if (cancelled
          || client instanceof ServerCallStreamObserver<ActivateJobsResponse> call
              && call.isCancelled()) {
        giveBack(request, response, "the request was cancelled");
        return;
      }
      try {
        client.onNext(response);
        client.onCompleted();
      } catch (RuntimeException failed) {
        giveBack(request, response, failed.toString());
      }
    }

    @Override
    public void onError(Throwable failure) {
      synchronized (this) {
        if (done) {
          return;
        }
        finish();
      }
      client.onError(failure);
    }

    @Override
    public void onCompleted() {
      // the answer is passed on (or held back) in onNext
    }

    void workAvailable() {
      synchronized (this) {
        if (done) {
          return;
        }
        if (attempting) {
          workSeen = true;
          return;
        }
      }
      retry();
    }

    /** The request timeout: answer no jobs now, or with the answer of the attempt on its way. */
    void expire() {
      synchronized (this) {
        if (done) {
          return;
        }
        if (attempting) {
          expired = true; // jobs it may activate go to the client, not to waste
          return;
        }
        finish();
      }
      client.onNext(ActivateJobsResponse.getDefaultInstance());
      client.onCompleted();
    }

    /**
     * The client went away (closed, or its deadline passed): jobs activated for it later go back.
     */
    void cancel() {
      cancelled = true;
      synchronized (this) {
        finish();
      }
    }

    /** Tries again off the engine's thread, which reported the work. */
    private void retry() {
      try {
        scheduler.execute(this::attempt);
      } catch (RejectedExecutionException closed) {
        cancel();
      }
    }

    private void finish() {
      done = true;
      Set<LongPoll> polls = waiting.get(request.getType());
      if (polls != null) {
        polls.remove(this);
      }
      if (expiry != null) {
        expiry.cancel(false);
      }
    }
  }

  /** zeebe-process-test's job streamer, telling the long polls of the work it is told about. */
  private final class NotifyingJobStreamer implements JobStreamer {

    private final InMemoryJobStreamer streams;

    NotifyingJobStreamer(InMemoryJobStreamer streams) {
      this.streams = streams;
    }

    @Override
    public void notifyWorkAvailable(String jobType) {
      workAvailable(jobType);
    }

    @Override
    public Optional<JobStream> streamFor(
        DirectBuffer jobType, Predicate<JobActivationProperties> filter) {
      return streams.streamFor(jobType, filter);
    }
  }
}
