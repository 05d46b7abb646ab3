package payments.metrics;

/* A metric dimension. */
final class Tag {
    final String key;
    final String value;

    Tag(String key, String value) {
        this.key = key;
        this.value = value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tag && ((Tag) o).key.equals(key) && ((Tag) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return key.hashCode() * 31 + value.hashCode();
    }
}
