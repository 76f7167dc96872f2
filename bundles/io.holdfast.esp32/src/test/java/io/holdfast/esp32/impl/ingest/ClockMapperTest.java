package io.holdfast.esp32.impl.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.Test;

public class ClockMapperTest {

    // the device booted at gateway monotonic time 1_000_000: true offset 1_000_000
    private static final long BOOT = 1_000_000;

    @Test
    public void takesTheLeastDelayedFrame() {
        ClockMapper m = new ClockMapper(600_000, 5_000);
        // frames delayed by 300, 40, 900 ms
        assertThat(m.sample(10_000, BOOT + 10_000 + 300).deviceMono()).isEqualTo(BOOT + 10_000 + 300);
        assertThat(m.sample(20_000, BOOT + 20_000 + 40).deviceMono()).isEqualTo(BOOT + 20_000 + 40);
        ClockMapper.Sample late = m.sample(30_000, BOOT + 30_000 + 900);
        assertThat(late.deviceMono()).as("a late frame keeps the best estimate").isEqualTo(BOOT + 30_000 + 40);
        assertThat(late.afterReboot()).isFalse();
        assertThat(late.jump()).isFalse();
    }

    @Test
    public void theWindowSlidesSoDriftIsFollowed() {
        ClockMapper m = new ClockMapper(60_000, 5_000);
        m.sample(0, BOOT + 10); // best sample, at t=0
        // later samples all 200 ms delayed: after the window the estimate rises to them
        long t = 0;
        for (int i = 1; i <= 100; i++) {
            t = i * 1_000L;
            m.sample(t, BOOT + t + 200);
        }
        assertThat(m.estimate()).isEqualTo(BOOT + 200);
        assertThat(m.jumps()).isZero();
    }

    @Test
    public void uptimeGoingBackwardsIsAReboot() {
        ClockMapper m = new ClockMapper(600_000, 5_000);
        m.sample(500_000, BOOT + 500_000);
        long reboot = BOOT + 600_000; // rebooted: uptime restarts
        ClockMapper.Sample s = m.sample(2_000, reboot + 2_000 + 50);
        assertThat(s.afterReboot()).isTrue();
        assertThat(s.deviceMono()).isEqualTo(reboot + 2_050);
        assertThat(m.reboots()).isEqualTo(1);
        assertThat(m.sample(3_000, reboot + 3_000 + 10).afterReboot()).isFalse();
        // a reading from before the reboot, replayed from flash, maps with the previous boot's offset
        assertThat(m.replayed(499_000)).isEqualTo(BOOT + 499_000);
        // one from this boot with this boot's offset
        assertThat(m.replayed(2_500)).isEqualTo(reboot + 2_500 + 10);
    }

    @Test
    public void helloRestartsTheEstimateAndFlagsARebootOnlyWhenUptimeWentBack() {
        ClockMapper m = new ClockMapper(600_000, 5_000);
        m.sample(10_000, BOOT + 10_000 + 5);
        m.hello(20_000L, BOOT + 20_000 + 500); // reconnect, not a reboot; new estimate from the hello
        assertThat(m.reboots()).isZero();
        assertThat(m.estimate()).isEqualTo(BOOT + 500);
        ClockMapper.Sample s = m.sample(21_000, BOOT + 21_000 + 100);
        assertThat(s.afterReboot()).isFalse();
        assertThat(s.deviceMono()).isEqualTo(BOOT + 21_100);

        m.hello(1_000L, BOOT + 100_000); // rebooted
        assertThat(m.reboots()).isEqualTo(1);
        assertThat(m.sample(2_000, BOOT + 101_000).afterReboot()).as("the first reading after the hello").isTrue();
        m.hello(null, BOOT + 200_000);
        assertThat(m.reboots()).isEqualTo(2);
    }

    @Test
    public void uptimeRunningAheadIsAJump() {
        ClockMapper m = new ClockMapper(600_000, 5_000);
        m.sample(10_000, BOOT + 10_000);
        ClockMapper.Sample s = m.sample(80_000, BOOT + 11_000); // uptime advanced 70 s in 1 s
        assertThat(s.jump()).isTrue();
        assertThat(s.deviceMono()).isEqualTo(BOOT + 11_000);
        assertThat(m.sample(81_000, BOOT + 12_000).jump()).isFalse();
        assertThat(m.jumps()).isEqualTo(1);
    }

    @Test
    public void aStalledClockIsAJumpWhenTheWindowMovesOn() {
        ClockMapper m = new ClockMapper(10_000, 5_000);
        m.sample(10_000, BOOT + 10_000);
        // the device's clock stood still for 20 s
        ClockMapper.Sample s = m.sample(11_000, BOOT + 31_000);
        assertThat(s.jump()).isTrue();
        assertThat(s.deviceMono()).isEqualTo(BOOT + 31_000);
    }

    @Test
    public void the32BitMillisCounterWrapsWithoutAReboot() {
        ClockMapper m = new ClockMapper(600_000, 5_000);
        long before = ClockMapper.WRAP - 2_000;
        m.sample(before, BOOT + before);
        ClockMapper.Sample s = m.sample(3_000, BOOT + ClockMapper.WRAP + 3_000);
        assertThat(s.afterReboot()).isFalse();
        assertThat(s.jump()).isFalse();
        assertThat(s.deviceMono()).isEqualTo(BOOT + ClockMapper.WRAP + 3_000);
        assertThat(m.reboots()).isZero();
    }
}
