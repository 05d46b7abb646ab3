package classload;

/*
 * A marker that every churned class implements: the generated classes
 * (ClassBytes) and the proxies.  Public and in the unnamed module, so a
 * proxy for it lands in a fresh dynamic module of its throwaway loader.
 */
public interface Churned {
}
