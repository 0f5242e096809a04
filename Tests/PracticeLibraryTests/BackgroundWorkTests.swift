import Foundation
import Synchronization
import Testing

@testable import PracticeLibrary

@Suite("Background work")
struct BackgroundWorkTests {
    @Test("runs in the idle scheduling class, off the caller's thread, and is awaited")
    func idleClass() async {
        let policy = Mutex<Int32>(-1)
        await BackgroundWork.run {
            var current: Int32 = 0
            var parameters = sched_param()
            pthread_getschedparam(pthread_self(), &current, &parameters)
            policy.withLock { $0 = current }
        }
        #expect(policy.withLock { $0 } == 5)  // SCHED_IDLE
    }
}
