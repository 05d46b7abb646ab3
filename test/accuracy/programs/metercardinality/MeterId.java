package payments.metrics;

import java.util.Arrays;

/* A meter's name and tags: the registry's key. */
final class MeterId {
    final String name;
    final Tag[] tags;
    private final int hash;

    MeterId(String name, Tag... tags) {
        this.name = name;
        this.tags = tags;
        this.hash = name.hashCode() * 31 + Arrays.hashCode(tags);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MeterId && ((MeterId) o).name.equals(name)
            && Arrays.equals(((MeterId) o).tags, tags);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
