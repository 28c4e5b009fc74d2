package vn.egov.gateway.dossier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Deadlines in working days over the real 2022-2026 calendar: day of receipt is day 0, due at
 * 17:00 of the N-th working day after it; out-of-hours receipts start from the next working day.
 */
class DueDateTest {
  static final WorkingCalendar CAL = WorkingCalendarTest.CAL;

  static ZonedDateTime vn(int y, int m, int d, int h, int min) {
    return ZonedDateTime.of(y, m, d, h, min, 0, 0, WorkingCalendar.ZONE);
  }

  static ZonedDateTime due(int y, int m, int d) {
    return vn(y, m, d, 17, 0);
  }

  @Nested
  class Holidays {
    @Test
    void threeDaysAcrossTetBinhNgo2026() {
      // Friday 13/2 before the break 14/2-22/2; Tết days off 16/2-20/2.
      DueDate d = DueDate.compute(CAL, vn(2026, 2, 13, 10, 0), 3);
      assertThat(d.dueAt()).isEqualTo(due(2026, 2, 25));
      assertThat(d.estimated()).isFalse();
      assertThat(d.provenance())
          .contains("bỏ qua thứ Bảy, Chủ nhật và ngày nghỉ: 16/02/2026–20/02/2026 Tết Nguyên đán Bính Ngọ")
          .contains("skipping weekends and days off: 2026-02-16 to 2026-02-20 Tết Nguyên đán Bính Ngọ")
          .contains("due 17:00 Wednesday 2026-02-25")
          .doesNotContain("estimated");
    }

    @Test
    void nineDaysForASchoolTransferAcrossTet2026() {
      // 10-13/2 are days 1-4, Tết is skipped, 23-27/2 are days 5-9.
      DueDate d = DueDate.compute(CAL, vn(2026, 2, 9, 9, 0), 9);
      assertThat(d.dueAt()).isEqualTo(due(2026, 2, 27));
    }

    @Test
    void receivedOnATetHolidayCountsFromTheFirstWorkingDayAfter() {
      DueDate d = DueDate.compute(CAL, vn(2026, 2, 17, 10, 0), 3);
      // Taken as received Monday 23/2 (day 0): due Thursday 26/2.
      assertThat(d.dueAt()).isEqualTo(due(2026, 2, 26));
      assertThat(d.provenance())
          .contains("received on a day off (Tết Nguyên đán Bính Ngọ), so taken as received on the next working day, Monday 2026-02-23")
          .contains("tiếp nhận vào ngày nghỉ (Tết Nguyên đán Bính Ngọ)");
    }

    @Test
    void reunificationAndLabourDay2025WithTheSwappedFriday() {
      // 30/4 Wed, 1/5 Thu, 2/5 Fri swapped (worked on Sat 26/4): Tuesday 29/4 + 3 = Wed 7/5.
      DueDate d = DueDate.compute(CAL, vn(2025, 4, 29, 9, 0), 3);
      assertThat(d.dueAt()).isEqualTo(due(2025, 5, 7));
      assertThat(d.provenance())
          .contains("30/04/2025 Ngày Chiến thắng (30/4), 01/05/2025 Ngày Quốc tế Lao động (1/5),"
              + " 02/05/2025 Nghỉ hoán đổi dịp 30/4-1/5 (làm bù thứ Bảy 26/04/2025)");
    }

    @Test
    void theSwappedWorkingSaturday2025IsCounted() {
      // Friday 25/4 + 3: Sat 26/4 (working), Mon 28/4, Tue 29/4.
      DueDate d = DueDate.compute(CAL, vn(2025, 4, 25, 10, 0), 3);
      assertThat(d.dueAt()).isEqualTo(due(2025, 4, 29));
      assertThat(d.provenance())
          .contains("thứ Bảy làm việc được tính: 26/04/2025 (Làm bù cho ngày nghỉ hoán đổi 02/05/2025)")
          .contains("working Saturday counted: 2025-04-26");
    }

    @Test
    void reunificationAndLabourDay2026() {
      // 30/4 Thu, 1/5 Fri, then the weekend: Wednesday 29/4 + 3 = Wednesday 6/5.
      DueDate d = DueDate.compute(CAL, vn(2026, 4, 29, 10, 0), 3);
      assertThat(d.dueAt()).isEqualTo(due(2026, 5, 6));
    }

    @Test
    void compensatoryDayForHungKingsOnASunday2026() {
      // Giỗ Tổ on Sunday 26/4, made up on Monday 27/4; then 30/4-1/5.
      DueDate d = DueDate.compute(CAL, vn(2026, 4, 24, 10, 0), 3);
      assertThat(d.dueAt()).isEqualTo(due(2026, 5, 4));
      assertThat(d.provenance())
          .contains("27/04/2026 Nghỉ bù Giỗ Tổ Hùng Vương, 30/04/2026 Ngày Chiến thắng (30/4)")
          .as("a holiday on a weekend moved nothing, so it is not listed").doesNotContain("26/04/2026");
    }

    @Test
    void newYearSwap2026AcrossTheYearEnd() {
      // 1/1 holiday, 2/1 swapped Friday: Wednesday 31/12/2025 + 1 = Monday 5/1/2026.
      DueDate d = DueDate.compute(CAL, vn(2025, 12, 31, 10, 0), 1);
      assertThat(d.dueAt()).isEqualTo(due(2026, 1, 5));
      assertThat(d.estimated()).isFalse();
      assertThat(d.provenance()).contains("Time limit 1 working day, received Wednesday 2025-12-31 at 10:00");
    }

    @Test
    void nationalDay2025WithItsAdjacentDay() {
      // 1/9 Monday (adjacent day) and 2/9 Tuesday: Friday 29/8 + 3 = Friday 5/9.
      DueDate d = DueDate.compute(CAL, vn(2025, 8, 29, 10, 0), 3);
      assertThat(d.dueAt()).isEqualTo(due(2025, 9, 5));
      assertThat(d.provenance()).contains("2025-09-01 Quốc khánh (ngày liền kề), 2025-09-02 Quốc khánh (2/9)");
    }

    @Test
    void aSwapLandingTheDeadlineOnAWorkingSaturday2024() {
      // 29/4 swapped, 30/4, 1/5 off; Thu 2/5, Fri 3/5, Sat 4/5 (working) are days 1-3.
      DueDate d = DueDate.compute(CAL, vn(2024, 4, 26, 10, 0), 3);
      assertThat(d.dueAt()).isEqualTo(due(2024, 5, 4));
      assertThat(d.dueAt().getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
    }

    @Test
    void receivedOnNationalDay2026() {
      // Wednesday 2/9 is a holiday: day 0 is Thursday 3/9, due Tuesday 8/9.
      DueDate d = DueDate.compute(CAL, vn(2026, 9, 2, 10, 0), 3);
      assertThat(d.dueAt()).isEqualTo(due(2026, 9, 8));
    }
  }

  @Test
  void daysOffOfTheSameNameAreGroupedOnlyWhenAdjacent() {
    // A synthetic year: a three-day break and, a week later, one more day of the same name.
    WorkingCalendar cal = WorkingCalendar.parse("synthetic.csv", WorkingCalendar.HEADER + "\n" + """
        2030-01-01,holiday,Tết Dương lịch,u
        2030-03-04,holiday,Ngày thử,u
        2030-03-05,holiday,Ngày thử,u
        2030-03-06,holiday,Ngày thử,u
        2030-03-13,holiday,Ngày thử,u
        2030-04-30,holiday,Ngày Chiến thắng (30/4),u
        2030-05-01,holiday,Ngày Quốc tế Lao động (1/5),u
        2030-09-02,holiday,Quốc khánh (2/9),u
        """);
    DueDate d = DueDate.compute(cal, vn(2030, 3, 1, 10, 0), 10);
    assertThat(d.provenance())
        .contains("04/03/2030–06/03/2030 Ngày thử, 13/03/2030 Ngày thử")
        .contains("2030-03-04 to 2030-03-06 Ngày thử, 2030-03-13 Ngày thử");
  }

  @Nested
  class ReceiptTime {
    @Test
    void fridayBeforeTheCutOffIsDayZero() {
      assertThat(DueDate.compute(CAL, vn(2026, 3, 13, 16, 59), 3).dueAt()).isEqualTo(due(2026, 3, 18));
    }

    @Test
    void fridayEveningCountsFromMonday() {
      DueDate d = DueDate.compute(CAL, vn(2026, 3, 13, 18, 30), 3);
      assertThat(d.dueAt()).isEqualTo(due(2026, 3, 19));
      assertThat(d.provenance()).contains("received at or after 17:00, so taken as received on the next working day, Monday 2026-03-16");
    }

    @Test
    void theCutOffItselfIsAlreadyTooLate() {
      assertThat(DueDate.compute(CAL, vn(2026, 3, 13, 17, 0), 3).dueAt()).isEqualTo(due(2026, 3, 19));
    }

    @Test
    void anEarlierCutOffIsAParameter() {
      OfficeHours south = new OfficeHours(LocalTime.of(7, 30), LocalTime.of(16, 30));
      DueDate d = DueDate.compute(CAL, vn(2026, 3, 13, 16, 45), 3, south);
      assertThat(d.dueAt()).isEqualTo(vn(2026, 3, 19, 16, 30));
    }

    @Test
    void saturdayCountsFromMonday() {
      DueDate d = DueDate.compute(CAL, vn(2026, 3, 14, 10, 0), 3);
      assertThat(d.dueAt()).isEqualTo(due(2026, 3, 19));
      assertThat(d.provenance()).contains("received on a day off (Saturday)");
    }

    @Test
    void aWorkingSaturdayIsDayZero() {
      // Saturday 22/8/2026 is worked (swap for Monday 31/8).
      assertThat(DueDate.compute(CAL, vn(2026, 8, 22, 10, 0), 3).dueAt()).isEqualTo(due(2026, 8, 26));
    }

    @Test
    void theInstantIsReadInVietnamTime() {
      // 10:30 UTC is 17:30 in Hà Nội: after the cut-off.
      DueDate d = DueDate.compute(CAL, ZonedDateTime.of(2026, 3, 13, 10, 30, 0, 0, ZoneOffset.UTC), 3);
      assertThat(d.dueAt()).isEqualTo(due(2026, 3, 19));
      assertThat(d.dueAt().getZone()).isEqualTo(WorkingCalendar.ZONE);
    }

    @Test
    void zeroDaysMeansWithinTheDay() {
      DueDate d = DueDate.compute(CAL, vn(2026, 3, 16, 10, 0), 0);
      assertThat(d.dueAt()).isEqualTo(due(2026, 3, 16));
      assertThat(d.provenance()).contains("Time limit 0 working days").contains("resolved within the day of receipt");
    }

    @Test
    void aNegativeLimitIsRefused() {
      assertThatThrownBy(() -> DueDate.compute(CAL, vn(2026, 3, 16, 10, 0), -1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("working days must be 0..1000 (got -1)");
    }

    @Test
    void theDueDateInTheExchangeFormat() {
      assertThat(DueDate.compute(CAL, vn(2026, 2, 13, 10, 0), 3).dueAtExchange()).isEqualTo("20260225170000");
    }
  }

  @Nested
  class UnannouncedYear {
    @Test
    void labourDay2027IsEstimatedFromFixedDates() {
      // Fallback: 30/4 Fri, 1/5 Sat made up on Mon 3/5. Thursday 29/4 + 3 = Thursday 6/5.
      DueDate d = DueDate.compute(CAL, vn(2027, 4, 29, 10, 0), 3);
      assertThat(d.dueAt()).isEqualTo(due(2027, 5, 6));
      assertThat(d.estimated()).isTrue();
      assertThat(d.provenance())
          .contains("30/04/2027 Ngày Chiến thắng (30/4) (ước tính), 03/05/2027 Nghỉ bù Ngày Quốc tế Lao động (1/5) (ước tính)")
          .contains("ước tính: lịch nghỉ năm 2027 chưa chính thức, chỉ tính ngày lễ có ngày cố định")
          .contains("estimated: 2027 calendar not yet official, fixed-date holidays only (Tết and Hùng Kings' day cannot be known yet)");
    }

    @Test
    void aDeadlineReachingInto2027IsEstimated() {
      // Wed 30/12/2026 + 3: Thu 31/12, (Fri 1/1/2027 holiday), Mon 4/1, Tue 5/1.
      DueDate d = DueDate.compute(CAL, vn(2026, 12, 30, 10, 0), 3);
      assertThat(d.dueAt()).isEqualTo(due(2027, 1, 5));
      assertThat(d.estimated()).isTrue();
      assertThat(d.provenance()).contains("estimated: 2027 calendar");
    }

    @Test
    void nationalDay2027TakesFridayAsTheAdjacentDay() {
      // 2/9/2027 is a Thursday; the fallback joins it to the weekend with Friday 3/9.
      assertThat(DueDate.compute(CAL, vn(2027, 9, 1, 10, 0), 1).dueAt()).isEqualTo(due(2027, 9, 6));
    }

    @Test
    void anAnnouncedYearIsNoLongerEstimated() {
      WorkingCalendar updated = CAL.withYear("holidays-2027.csv", WorkingCalendar.HEADER + "\n" + """
          2027-01-01,holiday,Tết Dương lịch,u
          2027-04-30,holiday,Ngày Chiến thắng (30/4),u
          2027-05-01,holiday,Ngày Quốc tế Lao động (1/5),u
          2027-05-03,compensatory,Nghỉ bù Ngày Quốc tế Lao động,u
          2027-05-04,compensatory,Nghỉ hoán đổi (made up for this test),u
          2027-09-02,holiday,Quốc khánh (2/9),u
          2027-09-03,holiday,Quốc khánh (ngày liền kề),u
          """, 2027);
      DueDate d = DueDate.compute(updated, vn(2027, 4, 29, 10, 0), 3);
      assertThat(d.estimated()).isFalse();
      assertThat(d.dueAt()).isEqualTo(due(2027, 5, 7));
      assertThat(d.provenance()).doesNotContain("ước tính").doesNotContain("estimated");
    }
  }

  @Nested
  class FastTrack {
    @Test
    void greenTuesdayMorningIsDueInSixtyMinutes() {
      Optional<DueDate> d = DueDate.computeFastTrack(CAL, vn(2026, 3, 10, 9, 15), 60, DayOfWeek.TUESDAY);
      assertThat(d).hasValueSatisfying(due -> {
        assertThat(due.dueAt()).isEqualTo(vn(2026, 3, 10, 10, 15));
        assertThat(due.estimated()).isFalse();
        assertThat(due.provenance()).contains("60 phút").contains("Fast track on Tuesdays: 60 minutes");
      });
    }

    @Test
    void tuesdayEveningFallsBackToWorkingDays() {
      ZonedDateTime received = vn(2026, 3, 10, 18, 0);
      assertThat(DueDate.computeFastTrack(CAL, received, 60, DayOfWeek.TUESDAY)).isEmpty();
      DueDate d = DueDate.computeFastTrack(CAL, received, 60, DayOfWeek.TUESDAY)
          .orElseGet(() -> DueDate.compute(CAL, received, 3));
      assertThat(d.dueAt()).isEqualTo(due(2026, 3, 16));
    }

    @Test
    void wednesdayIsNotTheFastTrackDay() {
      assertThat(DueDate.computeFastTrack(CAL, vn(2026, 3, 11, 9, 0), 60, DayOfWeek.TUESDAY)).isEmpty();
    }

    @Test
    void aTuesdayHolidayIsNotAFastTrackDay() {
      // Tuesday 1/9/2026 is the National Day adjacent day.
      assertThat(DueDate.computeFastTrack(CAL, vn(2026, 9, 1, 9, 0), 60, DayOfWeek.TUESDAY)).isEmpty();
    }

    @Test
    void thePromiseMustEndByTheCutOff() {
      assertThat(DueDate.computeFastTrack(CAL, vn(2026, 3, 10, 16, 0), 60, DayOfWeek.TUESDAY))
          .hasValueSatisfying(d -> assertThat(d.dueAt()).isEqualTo(vn(2026, 3, 10, 17, 0)));
      assertThat(DueDate.computeFastTrack(CAL, vn(2026, 3, 10, 16, 1), 60, DayOfWeek.TUESDAY)).isEmpty();
    }

    @Test
    void beforeOpeningIsNotFastTrack() {
      assertThat(DueDate.computeFastTrack(CAL, vn(2026, 3, 10, 7, 59), 60, DayOfWeek.TUESDAY)).isEmpty();
      assertThat(DueDate.computeFastTrack(CAL, vn(2026, 3, 10, 8, 0), 60, DayOfWeek.TUESDAY)).isPresent();
    }

    @Test
    void greenFridayIn2027IsMarkedEstimated() {
      assertThat(DueDate.computeFastTrack(CAL, vn(2027, 3, 5, 9, 0), 60, DayOfWeek.FRIDAY))
          .hasValueSatisfying(d -> {
            assertThat(d.estimated()).isTrue();
            assertThat(d.provenance()).contains("estimated: 2027 calendar not yet official");
          });
    }
  }
}
