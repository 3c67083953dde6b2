package dev.fleetwright.forwarder.publish;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Lets the watcher wake the send loop early when a new pending pod arrives (its debounce window starts then). */
public final class Wakeup {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signalled = lock.newCondition();
    private boolean pending;

    /** Wakes a waiting {@link #await}, or makes the next one return at once. */
    public void signal() {
        lock.lock();
        try {
            pending = true;
            signalled.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@link #signal()} or until {@code timeout} passes, whichever is first; consumes the signal.
     *
     * @param timeout the longest wait; zero or negative returns at once
     * @throws InterruptedException when the thread is interrupted
     */
    public void await(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeout.isNegative() ? 0 : timeout.toNanos();
            while (!pending && nanos > 0) {
                nanos = signalled.awaitNanos(nanos);
            }
            pending = false;
        } finally {
            lock.unlock();
        }
    }
}
