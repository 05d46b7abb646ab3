package telco.rating;

/* Price per second and per MB by plan and zone. */
final class TariffBook {
    private final int[][] centsPerMinute = new int[60][8];

    TariffBook() {
        for (int p = 0; p < 60; p++)
            for (int z = 0; z < 8; z++)
                centsPerMinute[p][z] = 1 + (p * 7 + z * 13) % 40;
    }

    long charge(int plan, int zone, int seconds) {
        return (long) centsPerMinute[plan][zone] * seconds / 60;
    }
}
